namespace SdsLedger.LocalPostgres;

/// <summary>No PostgreSQL server binaries could be found on this machine.</summary>
public sealed class PostgresNotInstalledException(string searched)
    : Exception(
        "PostgreSQL is not installed here, so SdsLedger cannot start its database.\n" +
        "Fix: install the server, for example 'apt-get install postgresql', " +
        "or point SDSLEDGER_DB at a server you already run.\n" +
        $"Looked in: {searched}")
{
    public string Searched { get; } = searched;
}

/// <summary>The local cluster could not be initialised or started; the message says why and what to do.</summary>
public sealed class LocalClusterException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>SDSLEDGER_DB is set but is not an Npgsql connection string.</summary>
public sealed class InvalidConnectionStringException(string variable, Exception inner)
    : Exception(
        $"{variable} is not a valid connection string: {inner.Message}\n" +
        "Fix: set it like 'Host=db;Database=sdsledger;Username=ledger;Password=…', or unset it to let SdsLedger run its own database.",
        inner);

/// <summary>A backup, restore or standby request that cannot be carried out as asked; <see cref="Field"/> names what to change.</summary>
public sealed class BackupRequestException(string field, string message) : Exception(message)
{
    /// <summary>"to", "from" or "into": the option the person should put right.</summary>
    public string Field { get; } = field;
}
