namespace SdsLedger.Features.Banking;

/// <summary>Refusal codes of the banking features, each with its plain-English reason where it is refused.</summary>
public static class BankingCodes
{
    public const string NoCouncilAccount = "no-council-account";
    public const string StatementBalances = "statement-balances";
    public const string DraftDecided = "draft-decided";
}
