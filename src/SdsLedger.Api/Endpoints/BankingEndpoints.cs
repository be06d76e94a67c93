using System.Security.Cryptography;
using NodaTime;
using SdsLedger.Api.Http;
using SdsLedger.Banking.Payments;
using SdsLedger.Banking.Statements;
using SdsLedger.Documents.Banking;
using SdsLedger.Features.Banking;
using SdsLedger.Features.Payments;

namespace SdsLedger.Api.Endpoints;

/// <summary>Real money over HTTP: bank details, a payment run's files, statements in, reconciliation, draft spends and the monitoring return.</summary>
internal static class BankingEndpoints
{
    /// <summary>The largest statement file taken over HTTP; a larger one is imported with 'sdsledger import bank'.</summary>
    public const int MaxStatementBytes = 1024 * 1024 - 1024;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/bank-details", (HttpContext http, CancellationToken _) => Send.Command<BankDetailsRequest, BankDetailsView>(http,
                (c, key, b) => new RecordBankDetails.Command(c.Actor, key, b.Holder, b.PersonId, b.PartId, b.OrganisationId, b.AccountName, b.SortCode,
                    b.AccountNumber, b.Iban, b.ServiceUserNumber),
                v => Send.Created($"/api/bank-details/{v.Id}", v)))
            .IsWrite().WithTags("Banking").Writes<BankDetailsRequest>("Record the bank account a person's, a third party's or a provider's instalments are paid into, or the council's own.")
            .Described("RecordBankDetails",
                "The sort code and account number must pass the Vocalink modulus check (an IBAN its check digits). The answer shows the account masked; " +
                "a change is a new record, and the old one stays as the record of earlier payments.")
            .Produces<BankDetailsView>(StatusCodes.Status201Created);

        api.MapPost("/payment-files", (HttpContext http, CancellationToken _) => Send.Command<PaymentFilesRequest, PaymentFilesResult>(http,
                (c, key, b) => new WritePaymentFiles.Command(c.Actor, key, c.CouncilId, b.RunDate.ToLocal()), Send.Json))
            .IsWrite().WithTags("Banking").Writes<PaymentFilesRequest>("Make the payment files of a payment run (finance officers).")
            .Described("WritePaymentFiles",
                "Puts the run's instalments into one payment per payee, kept so the files are the same every time and nobody is paid twice; instalments " +
                "whose receiver has no bank details are held back and named. Download the files with GET /api/payment-files/{runDate}/{file}.")
            .Produces<PaymentFilesResult>();

        api.MapGet("/payment-files/{runDate}/{file}", async (HttpContext http, string runDate, string file) =>
            {
                if (!Dates.TryDay(runDate, default, out var day) || day == default) return Answers.BadRequest("runDate", $"Give {Dates.DayFormat}.");
                if (file is not ("pain001" or "bacs18")) return Answers.BadRequest("file", "Ask for pain001 (the ISO 20022 XML) or bacs18 (the Bacs Standard 18 file).");
                var caller = http.Caller();
                var result = await caller.Ledger.SendAsync(new PaymentBatchFiles.Query(caller.Actor, caller.CouncilId, day), http.RequestAborted);
                return Answers.From(result, files =>
                {
                    using var output = new MemoryStream();
                    if (file == "pain001") Pain001Writer.Write(files.Batch, output);
                    else BacsStandard18Writer.Write(files.Batch, output);
                    return TypedResults.File(output.ToArray(), file == "pain001" ? "application/xml" : "text/plain",
                        $"payments-{day:yyyy-MM-dd}.{(file == "pain001" ? "pain001.xml" : "bacs18.txt")}");
                });
            })
            .WithTags("Banking").WithSummary("A payment run's file for the council's bank: pain001 or bacs18.")
            .Described("PaymentFile", "The only answer that shows account numbers whole: it is the file the bank takes. Finance officers only.")
            .Produces(StatusCodes.Status200OK, contentType: "application/xml").ProducesBanking();

        api.MapPost("/bank-statements", async (HttpContext http, string? account, string? fileName) =>
            {
                var caller = http.Caller();
                var owner = ParseAccount(account);
                if (owner is null) return Answers.BadRequest("account", "Give account=council, account=person:ID or account=organisation:ID.");
                if (http.Request.ContentLength is null or 0) return Answers.BadRequest("body", "Send the statement file as the request body.");
                if (http.Request.ContentLength > MaxStatementBytes)
                    return Answers.BadRequest("body", "The statement is larger than 1 MB; import it with 'sdsledger import bank', or split it by month.");
                using var buffer = new MemoryStream();
                await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
                var bytes = buffer.ToArray();
                BankStatement statement;
                string readAs;
                try
                {
                    (statement, readAs) = StatementFile.Read(bytes);
                }
                catch (StatementFormatException e)
                {
                    return Answers.BadRequest(new Dictionary<string, string[]> { ["body"] = e.Problems.Take(20).Select(p => p.ToString()).ToArray() });
                }
                var name = string.IsNullOrWhiteSpace(fileName) ? "statement" : fileName.Trim();
                var result = await caller.Ledger.SendAsync(new ImportBankStatement.Command(caller.Actor, caller.IdempotencyKey(http), owner, name,
                    Convert.ToHexStringLower(SHA256.HashData(bytes)), readAs, statement), http.RequestAborted);
                return Answers.From(result, o => Send.Created($"/api/bank-statements/{o.StatementId}", o));
            })
            .IsWrite().WithTags("Banking")
            .Accepts<string>("text/csv", "application/xml", "application/x-ofx", "text/plain", "application/octet-stream")
            .WithSummary("Import a bank or card statement (camt.053, OFX, a bank's CSV export or a prepaid card feed) as the request body, at most 1 MB.")
            .Described("ImportBankStatement",
                "account=council, person:ID (a direct payment account or prepaid card) or organisation:ID (a provider's client account). The statement's " +
                "balances must agree with its lines; the same file again records nothing twice; card lines with no spend recorded become draft spends.")
            .Produces<StatementImport>(StatusCodes.Status201Created);

        api.MapGet("/reconciliations", async (HttpContext http, string? account, string? from, string? to, string? format, IClock clock) =>
            {
                var owner = ParseAccount(account);
                if (owner is null) return Answers.BadRequest("account", "Give account=council, account=person:ID or account=organisation:ID.");
                var today = clock.GetCurrentInstant().InUtc().Date;
                if (from is null || !Dates.TryDay(from, today, out var first)) return Answers.BadRequest("from", $"Give {Dates.DayFormat}.");
                if (!Dates.TryDay(to, today, out var last)) return Answers.BadRequest("to", $"Give {Dates.DayFormat}, or leave it out for today.");
                if (format is not (null or "json" or "pdf" or "csv")) return Answers.BadRequest("format", "Ask for json, pdf or csv.");
                var caller = http.Caller();
                var result = await caller.Ledger.SendAsync(new Reconcile.Query(caller.Actor, owner, first, last), http.RequestAborted);
                return Answers.From(result, view => format switch
                {
                    "pdf" => Document(s => ReconciliationDocument.WritePdf(view, view.Account, s), "application/pdf", "reconciliation.pdf"),
                    "csv" => Document(s => Csv(s, w => ReconciliationDocument.WriteCsv(view, w)), "text/csv", "reconciliation.csv"),
                    _ => Send.Json(view),
                });
            })
            .WithTags("Banking").WithSummary("A monitored account's bank lines matched to the ledger over a period, as JSON, PDF or CSV.")
            .Described("Reconcile", "Matched, money that moved with no record, records with no money, and the bank's closing balance beside the ledger's.")
            .Produces<ReconciliationView>().ProducesBanking();

        api.MapGet("/draft-spends", (HttpContext http, Guid? personId) => Send.Query(http, c => new DraftSpends.Query(c.Actor, personId)))
            .WithTags("Banking").WithSummary("Card lines with no spend recorded, waiting to be confirmed or dismissed.")
            .Described("ListDraftSpends", "The council's staff see the council's; a person sees their own.")
            .Produces<IReadOnlyList<DraftSpendView>>().ProducesBanking();

        api.MapPost("/draft-spends/{draftId:guid}/confirm", async (HttpContext http, Guid draftId) =>
            {
                var (body, problem) = await JsonBody.ReadAsync<ConfirmDraftRequest>(http.Request, http.RequestAborted);
                if (problem is not null) return problem;
                var caller = http.Caller();
                var result = await ConfirmDraftSpend.ConfirmAsync(caller.Ledger, caller.Actor, draftId, body!.Category, body.Description, http.RequestAborted);
                return Answers.From(result, Send.Json);
            })
            .IsWrite().WithTags("Banking").Writes<ConfirmDraftRequest>("Record a draft spend as a spend, through every spending rule.")
            .Described("ConfirmDraftSpend",
                "A refusal (422, with the rule's code) records nothing and leaves the draft waiting. However often and by however many it is confirmed, " +
                "one spend is recorded.")
            .Produces<DraftSpendDecision>();

        api.MapPost("/draft-spends/{draftId:guid}/dismiss", (HttpContext http, Guid draftId) => Send.Command<ReasonRequest, DraftSpendDecision>(http,
                (c, key, b) => new DecideDraftSpend.Command(c.Actor, key, draftId, null, b.Reason), Send.Json))
            .IsWrite().WithTags("Banking").Writes<ReasonRequest>("Close a draft spend that was not a spend from the budget, with the reason.")
            .Described("DismissDraftSpend", "The reason is kept with the draft for the monitoring officer.")
            .Produces<DraftSpendDecision>();

        api.MapGet("/monitoring-return", async (HttpContext http, string? from, string? to, string? format) =>
            {
                if (from is null || !Dates.TryDay(from, default, out var first)) return Answers.BadRequest("from", $"Give {Dates.DayFormat}.");
                if (to is null || !Dates.TryDay(to, default, out var last)) return Answers.BadRequest("to", $"Give {Dates.DayFormat}.");
                if (format is not (null or "pdf" or "csv")) return Answers.BadRequest("format", "Ask for pdf or csv.");
                var caller = http.Caller();
                var result = await caller.Ledger.SendAsync(new MonitoringReturn.Query(caller.Actor, first, last), http.RequestAborted);
                return Answers.From(result, view => format == "csv"
                    ? Document(s => Csv(s, w => MonitoringReturnDocument.WriteCsv(view, w)), "text/csv", "monitoring-return.csv")
                    : Document(s => MonitoringReturnDocument.WritePdf(view, s), "application/pdf", "monitoring-return.pdf"));
            })
            .WithTags("Banking").WithSummary("The direct payment monitoring return for a period (usually a quarter), as PDF or CSV.")
            .Described("MonitoringReturn",
                "Per person: held at the start, received, spent with evidence and without, other, held at the end, unexplained money out, and a flag where " +
                "the bank's balance and the ledger's differ.")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf").ProducesBanking();
    }

    /// <summary>"council", "person:ID" or "organisation:ID".</summary>
    private static StatementAccount? ParseAccount(string? text)
    {
        if (text == "council") return new StatementAccount(StatementAccountKind.Council);
        var parts = (text ?? "").Split(':', 2);
        if (parts.Length != 2 || !Guid.TryParse(parts[1], out var id)) return null;
        return parts[0] switch
        {
            "person" => new StatementAccount(StatementAccountKind.Person, id),
            "organisation" => new StatementAccount(StatementAccountKind.Organisation, OrganisationId: id),
            _ => null,
        };
    }

    private static IResult Document(Action<Stream> write, string contentType, string name)
    {
        using var output = new MemoryStream();
        write(output);
        return TypedResults.File(output.ToArray(), contentType, name);
    }

    private static void Csv(Stream stream, Action<TextWriter> write)
    {
        using var writer = new StreamWriter(stream, leaveOpen: true);
        write(writer);
    }

    /// <summary>Names an operation (its operationId) and says what it does, for the API document.</summary>
    private static RouteHandlerBuilder Described(this RouteHandlerBuilder endpoint, string name, string description) =>
        endpoint.WithName(name).WithDescription(description);

    /// <summary>The problems a banking read can answer.</summary>
    private static RouteHandlerBuilder ProducesBanking(this RouteHandlerBuilder endpoint) =>
        endpoint.ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
}
