using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Web.Components.Account;

internal static class AccountTransactions
{
    /// <summary>
    /// Runs <paramref name="work"/> in one database transaction on the request's context (the one Identity's stores
    /// and the outbox share) and commits only when <paramref name="commit"/> approves the result. The provider's
    /// execution strategy (SQL Server retries transient faults) replays the whole unit, never half of it.
    /// </summary>
    public static Task<T> InTransactionAsync<T>(this PortalDbContext db, Func<Task<T>> work, Func<T, bool> commit)
    {
        var attempt = 0;
        return db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            if (attempt++ > 0)
            {
                // A replay starts from the database, not from what the failed attempt left tracked.
                db.ChangeTracker.Clear();
            }

            await using var transaction = await db.Database.BeginTransactionAsync();
            var result = await work();
            if (commit(result))
            {
                await transaction.CommitAsync();
            }

            return result;
        });
    }
}
