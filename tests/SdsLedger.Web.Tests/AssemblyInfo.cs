// One browser test class at a time: each runs a web app, a browser context and a database on a shared two-core machine,
// and running them side by side only makes each slower.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
