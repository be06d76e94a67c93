using SdsLedger.BatchChild;
using SdsLedger.Ledger;

// args: connection string, run name, funding account, comma-separated part accounts, batches, batch size
if (args.Length != 6)
{
    Console.Error.WriteLine("usage: SdsLedger.BatchChild CONNECTION RUN FUNDING PART,PART,... BATCHES SIZE");
    return 2;
}

await using var dataSource = LedgerDataSource.Create(args[0]);
var batches = new LedgerBatch(dataSource);
var funding = new AccountId(Guid.Parse(args[2]));
var parts = args[3].Split(',').Select(p => new AccountId(Guid.Parse(p))).ToList();
for (var b = 0; b < int.Parse(args[4]); b++)
{
    var result = await batches.PostAsync(PaymentRunBatches.Batch(args[1], funding, parts, b, int.Parse(args[5])));
    Console.WriteLine($"committed {b} {result.Status}");
}
return 0;
