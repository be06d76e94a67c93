using Npgsql;
using SdsLedger.Access;
using SdsLedger.Hosting;
using SdsLedger.Ledger;

using SdsLedger.Web.SignIn;

namespace SdsLedger.Web.Hosting;

/// <summary>What the web app learns once built: its database connection (sdsledger_api, per tenant) and the sign-in link key.</summary>
internal sealed class WebSettings
{
    private string? _connectionString;
    private readonly Lazy<NpgsqlDataSource> _dataSource;

    public WebSettings() =>
        _dataSource = new Lazy<NpgsqlDataSource>(() => LedgerDataSource.Create(ConnectionString, ConnectionScope.PerTenant));

    public string ConnectionString
    {
        get => _connectionString ?? throw new InvalidOperationException("The web app's database is not prepared yet.");
        private set => _connectionString = value;
    }

    /// <summary>The one data source of the process: sdsledger_app, per tenant.</summary>
    public NpgsqlDataSource DataSource => _dataSource.Value;

    /// <summary>Proves each transaction's tenant to the database (the key the database was given, as the API's).</summary>
    public TenantSeal TenantSeal { get; private set; } = null!;

    /// <summary>The key sign-in links are signed with; null when staff sign in with an identity provider (links are refused).</summary>
    public byte[]? SignInLinkKey { get; private set; }

    /// <summary>
    /// Reads configuration: ConnectionStrings:SdsLedger (else the local database, started and migrated), DataDirectory,
    /// Tenancy:Key (base64, as the API's), Oidc:Authority (when set, no sign-in links), SignIn:LinkKey (base64; else the local one
    /// in .sdsledger/api).
    /// </summary>
    public async Task PrepareAsync(IConfiguration configuration, ILogger logger, CancellationToken ct = default)
    {
        ConnectionString = await ServiceDatabase.ResolveAsync(configuration, logger, ct);
        if (!StaffSignInSettings.OidcConfigured(configuration))
        {
            var configured = configuration["SignIn:LinkKey"];
            SignInLinkKey = string.IsNullOrWhiteSpace(configured)
                ? ServiceDatabase.LocalSecretsFor(configuration).SignInLinkKey()
                : Convert.FromBase64String(configured);
        }
        var tenantKey = configuration["Tenancy:Key"];
        TenantSeal = new TenantSeal(string.IsNullOrWhiteSpace(tenantKey)
            ? ServiceDatabase.LocalSecretsFor(configuration).TenantKey()
            : Convert.FromBase64String(tenantKey));
        await ServiceDatabase.VerifyAsync(DataSource, TenantSeal, ct);
    }
}
