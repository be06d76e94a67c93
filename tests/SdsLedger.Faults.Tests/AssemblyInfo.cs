// The fault tests start and kill clusters and time outages: one at a time, so that none measures another's load.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
