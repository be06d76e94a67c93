using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using NodaTime;
using SdsLedger.Features.Spending;
using SdsLedger.Ledger;
using SdsLedger.Pipeline;

namespace SdsLedger;

public static class SdsLedgerServices
{
    /// <summary>Registers the ledger, the mediator with its behaviours in order, validators and authorisations.</summary>
    /// <param name="readConnectionString">Where reports and statements read (<see cref="StandbyReads"/>); null: the same server.</param>
    public static IServiceCollection AddSdsLedger(this IServiceCollection services, string connectionString, IClock? clock = null,
                                                  string? readConnectionString = null)
    {
        services.AddSingleton(new StandbyReads(readConnectionString is null ? null : LedgerDataSource.Create(readConnectionString)));
        return services.AddSdsLedger(_ => LedgerDataSource.Create(connectionString), clock);
    }

    /// <summary>The same, with the data source made when first needed (the HTTP API knows its database only once built).</summary>
    public static IServiceCollection AddSdsLedger(this IServiceCollection services, Func<IServiceProvider, Npgsql.NpgsqlDataSource> dataSource, IClock? clock = null)
    {
        services.AddSingleton(dataSource);
        services.TryAddSingleton(new StandbyReads(null));
        services.AddSingleton<IClock>(clock ?? SystemClock.Instance);
        services.AddSingleton<Features.Shared.CouncilClock>();
        services.AddScoped<DbSession>();
        services.AddScoped<AuditContext>();
        services.AddScoped<Tenancy>();
        services.AddScoped<SpendingParts>();
        services.AddScoped<SpendAttemptLoader>();
        services.AddScoped<SpendWriter>();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));

        services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors =
            [
                typeof(LoggingBehaviour<,>),
                typeof(ValidationBehaviour<,>),
                typeof(TransactionBehaviour<,>),
                typeof(IdempotencyBehaviour<,>),
                typeof(AuthorisationBehaviour<,>),
                typeof(SpendingRulesBehaviour<,>),
                typeof(AuditBehaviour<,>),
            ];
        });

        foreach (var type in typeof(SdsLedgerServices).Assembly.GetTypes().Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false }))
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType))
            {
                var definition = contract.GetGenericTypeDefinition();
                // Child validators that take arguments (OutcomeValidator) are made by their parents, not by the container.
                if (definition == typeof(IValidator<>) && type.GetConstructor(Type.EmptyTypes) is not null)
                    services.AddSingleton(contract, type);
                // An authorisation may read what the command's own steps read again (the part a spend comes from), so it lives with the command.
                else if (definition == typeof(IAuthorisation<>))
                    services.AddScoped(contract, type);
            }
        }
        return services;
    }
}

/// <summary>Sends commands and queries, each in its own scope (its own connection and transaction).</summary>
public sealed class SdsLedgerApp(IServiceProvider services) : IAsyncDisposable
{
    private Action<IServiceProvider>? _prepareScope;
    private bool _ownsServices = true;

    /// <param name="readConnectionString">Where reports and statements read: both clusters with prefer-standby; null: the same server.</param>
    public static SdsLedgerApp Create(string connectionString, IClock? clock = null, string? readConnectionString = null) =>
        new(new ServiceCollection().AddSdsLedger(connectionString, clock, readConnectionString).BuildServiceProvider());

    /// <summary>A sender over services someone else owns (the HTTP API's); disposing it leaves them alone.</summary>
    public static SdsLedgerApp Over(IServiceProvider services) => new(services) { _ownsServices = false };

    public IServiceProvider Services => services;

    /// <summary>
    /// A sender over the same services that prepares each message's scope first (the HTTP API sets the caller's tenant
    /// and address). Disposing it leaves the services alone.
    /// </summary>
    public SdsLedgerApp WithScope(Action<IServiceProvider> prepare) => new(services) { _prepareScope = prepare, _ownsServices = false };

    public Task<Result<T>> SendAsync<T>(ICommand<Result<T>> command, CancellationToken ct = default) =>
        ThroughOutagesAsync(mediator => mediator.Send(command, ct), ct);

    public Task<Result<T>> SendAsync<T>(IQuery<Result<T>> query, CancellationToken ct = default) =>
        ThroughOutagesAsync(mediator => mediator.Send(query, ct), ct);

    /// <summary>
    /// Sends the message, in a scope of its own, again and again while the database is away (a failover, a restart), for
    /// as long as <see cref="Transient.OutageWindow"/>. Each attempt passes the whole pipeline with the same idempotency
    /// key, so an attempt whose commit landed before the connection broke is answered from its stored answer, not
    /// written twice.
    /// </summary>
    private async Task<Result<T>> ThroughOutagesAsync<T>(Func<IMediator, ValueTask<Result<T>>> send, CancellationToken ct)
    {
        var dataSource = services.GetRequiredService<Npgsql.NpgsqlDataSource>();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                _prepareScope?.Invoke(scope.ServiceProvider);
                return await send(scope.ServiceProvider.GetRequiredService<IMediator>());
            }
            catch (Exception e) when (Transient.IsOutage(e) && System.Diagnostics.Stopwatch.GetElapsedTime(started) < Transient.OutageWindow(dataSource))
            {
                // Idle pooled connections to a server that has gone are broken too; new ones find the server that answers now.
                dataSource.Clear();
                await Task.Delay(Transient.OutagePause(attempt), ct);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsServices && services is IAsyncDisposable d) await d.DisposeAsync();
    }
}
