// No benchmark is written yet, so every command line is a usage error.
Console.Error.WriteLine("usage: dotnet run -c Release --project bench/SdsLedger.Bench -- ledger [--json]");
return 2;
