using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Statements;

/// <summary>A statement due in a run: whose budget, and the format they asked for.</summary>
public sealed record StatementDue(Guid BudgetId, string PersonReference, string PersonName, StatementFormat Format, bool IsTest);

/// <summary>
/// The statements a council owes for a period: one for every budget (not a draft) whose period overlaps it, by
/// person reference. Each statement is then read on its own with <see cref="PersonStatement"/>, so each is audited.
/// </summary>
public static class StatementRun
{
    public sealed record Query(Actor Actor, LocalDate From, LocalDate To) : ISdsQuery<IReadOnlyList<StatementDue>>, IStandbyRead;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Actor).ValidActor();
            RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).WithMessage("The statement period must end on or after the day it starts.");
        }
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        public ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct)
        {
            audit.CouncilId = q.Actor.CouncilId;
            return ValueTask.FromResult(Roles.IsCouncilStaff(q.Actor.Role) && q.Actor.CouncilId is not null
                ? null
                : Scope.RoleCannot(q.Actor, "send a council's statements (a social worker or finance officer does)"));
        }
    }

    internal sealed class Handler(DbSession session, AuditContext audit) : IQueryHandler<Query, Result<IReadOnlyList<StatementDue>>>
    {
        private const string Sql = """
            SELECT b.id AS BudgetId, pe.reference AS PersonReference, pe.name AS PersonName, pe.statement_format AS StatementFormat, b.is_test AS IsTest
              FROM sds.budgets b JOIN sds.people pe ON pe.id = b.person_id
             WHERE b.council_id = @CouncilId AND b.status <> 'draft'
               AND b.period_start <= @To AND b.period_end >= @From
             ORDER BY pe.reference, b.is_test, b.period_start, b.id
            """;

        public async ValueTask<Result<IReadOnlyList<StatementDue>>> Handle(Query q, CancellationToken ct)
        {
            var rows = await session.Connection.QueryAsync<(Guid BudgetId, string PersonReference, string PersonName, string StatementFormat, bool IsTest)>(
                new CommandDefinition(Sql, new { q.Actor.CouncilId, From = q.From.ToDateOnly(), To = q.To.ToDateOnly() }, session.Transaction, cancellationToken: ct));
            var due = rows.Select(r => new StatementDue(r.BudgetId, r.PersonReference, r.PersonName,
                StatementFormats.Parse(r.StatementFormat), r.IsTest)).ToList();
            audit.Detail = $"{due.Count} statements due for {q.From:yyyy-MM-dd} to {q.To:yyyy-MM-dd}";
            return due;
        }
    }
}
