using SdsLedger.Features.Banking;

namespace SdsLedger.Api.Endpoints;

// Request bodies of the banking endpoints. Dates are YYYY-MM-DD; unknown fields are refused.

/// <param name="Holder">person, third-party (with partId), organisation or council.</param>
internal sealed record BankDetailsRequest(BankHolder Holder, string AccountName, string SortCode, string AccountNumber, Guid? PersonId = null, Guid? PartId = null,
                                          Guid? OrganisationId = null, string? Iban = null, string? ServiceUserNumber = null);

internal sealed record PaymentFilesRequest(DateOnly RunDate);

internal sealed record ConfirmDraftRequest(string Category, string? Description = null);
