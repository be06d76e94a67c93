using Npgsql;
using SdsLedger.Access;
using SdsLedger.Ledger;

namespace SdsLedger.Api.Hosting;

/// <summary>What the API learns once built: its database connection and how tokens are checked.</summary>
internal sealed class ApiSettings
{
    private string? _connectionString;
    private ApiTokenSettings? _tokens;
    private TenantSeal? _seal;
    private readonly Lazy<NpgsqlDataSource> _dataSource;

    public ApiSettings() =>
        _dataSource = new Lazy<NpgsqlDataSource>(() => LedgerDataSource.Create(ConnectionString, ConnectionScope.PerTenant));

    public string ConnectionString
    {
        get => _connectionString ?? throw new InvalidOperationException("The API's database is not prepared yet.");
        set => _connectionString = value;
    }

    public ApiTokenSettings Tokens
    {
        get => _tokens ?? throw new InvalidOperationException("The API's token settings are not prepared yet.");
        set => _tokens = value;
    }

    public TenantSeal TenantSeal
    {
        get => _seal ?? throw new InvalidOperationException("The API's tenant key is not prepared yet.");
        set => _seal = value;
    }

    /// <summary>The one data source of the process: sdsledger_app, per tenant.</summary>
    public NpgsqlDataSource DataSource => _dataSource.Value;

    /// <summary>
    /// Reads configuration: ConnectionStrings:SdsLedger, Jwt:Issuer, Jwt:Audience, Jwt:SigningKey (base64), Tenancy:Key (base64, the
    /// key installed in the database with 'sdsledger db tenant-key'), DataDirectory.
    /// </summary>
    public async Task PrepareAsync(IConfiguration configuration, ILogger logger, CancellationToken ct = default)
    {
        var dataDirectory = configuration["DataDirectory"];
        var configured = configuration.GetConnectionString("SdsLedger");
        ConnectionString = string.IsNullOrWhiteSpace(configured)
            ? await ApiDatabase.LocalAsync(dataDirectory, m => logger.LogInformation("{Database}", m), ct)
            : configured;

        var key = configuration["Jwt:SigningKey"];
        var local = LocalSecrets.BesideDataDirectory(dataDirectory
            ?? Environment.GetEnvironmentVariable(LocalPostgres.DatabaseServer.DataDirectoryVariable)
            ?? LocalPostgres.LocalCluster.DefaultDataDirectory(Environment.CurrentDirectory));
        Tokens = new ApiTokenSettings(
            configuration["Jwt:Issuer"] ?? ApiTokenSettings.DefaultIssuer,
            configuration["Jwt:Audience"] ?? ApiTokenSettings.DefaultAudience,
            string.IsNullOrWhiteSpace(key) ? local.SigningKey() : Convert.FromBase64String(key));
        _ = Tokens.SecurityKey();
        var tenantKey = configuration["Tenancy:Key"];
        TenantSeal = new TenantSeal(string.IsNullOrWhiteSpace(tenantKey) ? local.TenantKey() : Convert.FromBase64String(tenantKey));
        await ApiDatabase.VerifyAsync(DataSource, TenantSeal, ct);
    }
}
