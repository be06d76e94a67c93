using SdsLedger.Cli;

return await SdsLedgerCli.RunAsync(args, Console.Out, Console.Error);
