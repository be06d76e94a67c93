namespace SdsLedger.Api.Hosting;

/// <summary>Names the API's assembly for hosts that start it in their own process (the http benchmark), whose own Program would clash.</summary>
internal sealed class ApiEntry;
