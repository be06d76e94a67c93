using NodaTime;
using SdsLedger.Api.Http;
using SdsLedger.Domain;
using SdsLedger.Documents.Statements;
using SdsLedger.Features.Budgets;
using SdsLedger.Features.People;
using SdsLedger.Features.Plans;
using SdsLedger.Features.Statements;

namespace SdsLedger.Api.Endpoints;

/// <summary>People, budgets, support plans and statements.</summary>
internal static class BudgetEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var people = api.MapGroup("/people").WithTags("People");
        people.MapPost("/", (HttpContext http, CancellationToken _) => Send.Command<RegisterPersonRequest, Guid>(http,
                (c, key, b) => new RegisterPerson.Command(c.Actor, key, b.Reference, b.Name, LocalDate.FromDateOnly(b.DateOfBirth), b.Contact ?? "",
                    b.Format, b.SocialWorkerId),
                id => Send.Created($"/api/people/{id}/budgets", new { personId = id })))
            .IsWrite().Produces(StatusCodes.Status201Created).Writes<RegisterPersonRequest>("Register a person who uses services (council staff).");
        people.MapGet("/{personId:guid}/budgets", (HttpContext http, Guid personId, string? asOf, IClock clock) =>
                WithDay(asOf, clock, day => Send.Query(http, c => new PersonBudgets.Query(c.Actor, personId, day))))
            .Produces<PersonBudgetsView>()
            .WithSummary("A person's budgets with what is left on each (their council's staff, their providers, the person themselves).");

        var budgets = api.MapGroup("/budgets").WithTags("Budgets");
        budgets.MapPost("/", (HttpContext http, CancellationToken _) => Send.Command<CreateBudgetRequest, CreatedBudget>(http,
                (c, key, b) => new CreateBudget.Command(c.Actor, key, b.PersonId, b.Start.ToLocal(), b.End.ToLocal(), b.Parts.Select(p => p.ToSpec()).ToList()),
                created => Send.Created($"/api/budgets/{created.BudgetId}", created)))
            .IsWrite().Produces<CreatedBudget>(StatusCodes.Status201Created).Writes<CreateBudgetRequest>("Set up a draft budget of one or more parts (council staff).");
        budgets.MapGet("/{budgetId:guid}", (HttpContext http, Guid budgetId, string? asOf, IClock clock) =>
                WithDay(asOf, clock, day => Send.Query(http, c => new BudgetSummary.Query(c.Actor, budgetId, day))))
            .Produces<BudgetSummaryView>()
            .WithSummary("A budget's parts, balances, commitments and plan.");
        budgets.MapPost("/{budgetId:guid}/activate", (HttpContext http, Guid budgetId) => Send.Command(http,
                (c, key) => new ActivateBudget.Command(c.Actor, key, budgetId), Send.Json))
            .IsWrite().Produces(StatusCodes.Status200OK).WithSummary("Activate a draft budget: its allocation is credited from council funding.");
        budgets.MapPost("/{budgetId:guid}/plan", (HttpContext http, Guid budgetId) => Send.Command<AgreePlanRequest, int>(http,
                (c, key, b) => new AgreeSupportPlan.Command(c.Actor, key, budgetId, b.AgreedOn.ToLocal(),
                    b.Outcomes.Select(o => o.ToOutcome()).ToList(), b.Categories.Select(x => x.ToCategory()).ToList()),
                n => Send.Json(new { categories = n })))
            .IsWrite().Produces(StatusCodes.Status200OK).Writes<AgreePlanRequest>("Agree the support plan: the person's outcomes and the spending categories.");
        budgets.MapPost("/{budgetId:guid}/end", (HttpContext http, Guid budgetId) => Send.Command<EndBudgetRequest, BudgetState>(http,
                (c, key, b) => new EndBudget.Command(c.Actor, key, budgetId, b.Reason), Send.Json))
            .IsWrite().Produces<BudgetState>().Writes<EndBudgetRequest>("End a budget (never with money still set aside).");

        budgets.MapGet("/{budgetId:guid}/statement", (HttpContext http, Guid budgetId, string? period) =>
                WithMonth(period, (from, to) => Send.Query(http, c => new PersonStatement.Query(c.Actor, budgetId, from, to))))
            .Produces<StatementView>()
            .WithSummary("The person's statement of a budget for a month, as figures.");
        budgets.MapGet("/{budgetId:guid}/statement.pdf", (HttpContext http, Guid budgetId, string? period, string? format, bool? largePrint) =>
                WithFormat(format, largePrint, chosen => WithMonth(period, async (from, to) =>
                {
                    var caller = http.Caller();
                    var result = await caller.Ledger.SendAsync(new PersonStatement.Query(caller.Actor, budgetId, from, to), http.RequestAborted);
                    return Answers.From(result, statement =>
                    {
                        var pdf = new MemoryStream();
                        var inFormat = StatementDocument.FormatFor(statement, chosen);
                        StatementDocument.WritePdf(statement, inFormat, pdf);
                        return TypedResults.File(pdf.ToArray(), "application/pdf", $"statement-{period}-{inFormat.Code()}.pdf");
                    });
                })))
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .WithSummary("The person's statement as a PDF in plain English, in the format they asked for, or format=standard|large-print|easy-read " +
                         "(largePrint=true is the older spelling of format=large-print).");
        budgets.MapGet("/{budgetId:guid}/statement.html", (HttpContext http, Guid budgetId, string? period, string? format) =>
                WithFormat(format, null, chosen => WithMonth(period, async (from, to) =>
                {
                    var caller = http.Caller();
                    var result = await caller.Ledger.SendAsync(new PersonStatement.Query(caller.Actor, budgetId, from, to), http.RequestAborted);
                    return Answers.From(result, statement =>
                    {
                        var html = new StringWriter();
                        StatementDocument.WriteHtml(statement, StatementDocument.FormatFor(statement, chosen), html);
                        return TypedResults.Content(html.ToString(), "text/html; charset=utf-8");
                    });
                })))
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .WithSummary("The person's statement as one self-contained HTML page a screen reader can follow, in the same words as the PDF.");
    }

    public static Task<IResult> WithDay(string? asOf, IClock clock, Func<LocalDate, Task<IResult>> then) =>
        Dates.TryDay(asOf, clock.GetCurrentInstant().InUtc().Date, out var day)
            ? then(day)
            : Task.FromResult(Answers.BadRequest("asOf", $"Give {Dates.DayFormat}, or leave it out for today."));

    /// <summary>The format asked for (none: the person's own); largePrint=true is the older spelling of format=large-print.</summary>
    public static Task<IResult> WithFormat(string? format, bool? largePrint, Func<StatementFormat?, Task<IResult>> then)
    {
        StatementFormat? chosen = largePrint == true ? StatementFormat.LargePrint : null;
        if (format is not null)
        {
            if (!StatementFormats.TryParse(format, out var asked))
                return Task.FromResult(Answers.BadRequest("format", $"Give {StatementFormats.Choices}, or leave it out for the person's own format."));
            if (chosen is { } large && asked != large)
                return Task.FromResult(Answers.BadRequest("largePrint", $"largePrint=true asks for large print but format asks for {asked.Code()}; give one of them."));
            chosen = asked;
        }
        return then(chosen);
    }

    public static Task<IResult> WithMonth(string? period, Func<LocalDate, LocalDate, Task<IResult>> then) =>
        Dates.TryMonth(period, out var from, out var to)
            ? then(from, to)
            : Task.FromResult(Answers.BadRequest("period", $"Give {Dates.MonthFormat}."));

    /// <summary>Documents a POST: its body, its summary, and the problems it can answer.</summary>
    public static RouteHandlerBuilder Writes<TBody>(this RouteHandlerBuilder endpoint, string summary) where TBody : notnull =>
        endpoint.Accepts<TBody>("application/json").WithSummary(summary);
}
