using System.Text.Json;
using SdsLedger.Pipeline;

namespace SdsLedger.Cli.Demo;

/// <summary>The shape of samples/council.json: a small realistic council.</summary>
internal sealed record SampleCouncilFile(
    SampleCouncil Council,
    IReadOnlyList<SampleOrganisation> Organisations,
    IReadOnlyList<SampleWorker> Workers,
    IReadOnlyList<SamplePerson> People,
    IReadOnlyList<SampleBudget> Budgets,
    IReadOnlyList<SampleTestBudget> TestBudgets,
    IReadOnlyList<string> PaymentRuns,
    IReadOnlyList<SampleApproval> Approvals,
    IReadOnlyList<SampleFamilyAgreement> FamilyAgreements,
    IReadOnlyList<SampleCommitment> Commitments,
    IReadOnlyList<SampleProgress> Progress)
{
    public static SampleCouncilFile Read(string path) =>
        JsonSerializer.Deserialize<SampleCouncilFile>(File.ReadAllText(path), SdsJson.Options)
        ?? throw new InvalidDataException($"{path} is empty.");
}

internal sealed record SampleCouncil(string Code, string Name, string Contact);

internal sealed record SampleOrganisation(string Code, string Name, string Contact);

internal sealed record SampleWorker(string Code, string Name, string Role, string? Organisation);

internal sealed record SamplePerson(string Reference, string Name, string DateOfBirth, string Contact, string Format, string SocialWorker);

internal sealed record SamplePart(int Option, string Holder, decimal Amount, string? Organisation);

internal sealed record SampleOutcome(string Text, string? RecoveryPhase, string? CapitalDomain);

internal sealed record SamplePlan(IReadOnlyList<SampleOutcome> Outcomes, IReadOnlyList<SampleCategory> Categories);

internal sealed record SampleCategory(string Category);

internal sealed record SampleBudget(string Person, string Start, string End, IReadOnlyList<SamplePart> Parts, SamplePlan Plan);

internal sealed record SampleTestBudget(string Person, string Start, decimal Amount, string Holder, string? Organisation,
                                        IReadOnlyList<SampleOutcome> Outcomes, IReadOnlyList<string> Categories);

internal sealed record SampleApproval(string Name, string Person, int Part, decimal Amount, string Category, string Payee, string Description,
                                      string RequestedBy, string RequestedOn, string ApprovedBy);

internal sealed record SampleFamilyAgreement(string Person, string Payee, string Reason, string AgreedBy, string AgreedOn);

internal sealed record SampleCommitment(string Person, int Part, decimal Amount, string Category, string Payee, string Description, string On, string Actor);

/// <summary>A progress note; <paramref name="Outcome"/> numbers the test budget's outcomes from 1 (none: the budget as a whole).</summary>
internal sealed record SampleProgress(string Person, string On, string By, string WhatChanged, string InOwnWords, int? Outcome = null,
                                      bool Completed = false);
