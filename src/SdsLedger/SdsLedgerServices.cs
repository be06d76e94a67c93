using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using SdsLedger.Features.Spending;
using SdsLedger.Ledger;
using SdsLedger.Pipeline;

namespace SdsLedger;

public static class SdsLedgerServices
{
    /// <summary>Registers the ledger, the mediator with its behaviours in order, validators and authorisations.</summary>
    public static IServiceCollection AddSdsLedger(this IServiceCollection services, string connectionString, IClock? clock = null)
    {
        services.AddSingleton(_ => LedgerDataSource.Create(connectionString));
        services.AddSingleton<IClock>(clock ?? SystemClock.Instance);
        services.AddScoped<DbSession>();
        services.AddScoped<AuditContext>();
        services.AddSingleton<SpendAttemptLoader>();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));

        services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors =
            [
                typeof(LoggingBehaviour<,>),
                typeof(ValidationBehaviour<,>),
                typeof(AuthorisationBehaviour<,>),
                typeof(IdempotencyBehaviour<,>),
                typeof(TransactionBehaviour<,>),
                typeof(SpendingRulesBehaviour<,>),
                typeof(AuditBehaviour<,>),
            ];
        });

        foreach (var type in typeof(SdsLedgerServices).Assembly.GetTypes().Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false }))
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType))
            {
                var definition = contract.GetGenericTypeDefinition();
                if (definition == typeof(IValidator<>) || definition == typeof(IAuthorisation<>))
                    services.AddSingleton(contract, type);
            }
        }
        return services;
    }
}

/// <summary>Sends commands and queries, each in its own scope (its own connection and transaction).</summary>
public sealed class SdsLedgerApp(IServiceProvider services) : IAsyncDisposable
{
    public static SdsLedgerApp Create(string connectionString, IClock? clock = null) =>
        new(new ServiceCollection().AddSdsLedger(connectionString, clock).BuildServiceProvider());

    public IServiceProvider Services => services;

    public async Task<Result<T>> SendAsync<T>(ICommand<Result<T>> command, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command, ct);
    }

    public async Task<Result<T>> SendAsync<T>(IQuery<Result<T>> query, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(query, ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (services is IAsyncDisposable d) await d.DisposeAsync();
    }
}
