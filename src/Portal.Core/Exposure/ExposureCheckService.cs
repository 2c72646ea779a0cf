using System.Data;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Email;
using Portal.Core.Email.Templates;

namespace Portal.Core.Exposure;

/// <summary>What the browser keeps between the steps of a check (protected, in a cookie): never shown in a page.</summary>
public sealed record ExposureCheckTicket(string CheckId, string Address);

public enum ExposureCheckStatus
{
    Verified,
    WrongCode,
    /// <summary>Too many wrong codes: this check is spent.</summary>
    Locked,
    Expired,
    /// <summary>The code was already used.</summary>
    Used,
    /// <summary>No such check (or not for this address).</summary>
    Unknown,
}

/// <summary>The outcome of entering a code; <see cref="Result"/> only when <see cref="ExposureCheckStatus.Verified"/>.</summary>
public sealed record ExposureCheckOutcome(ExposureCheckStatus Status, int AttemptsLeft = 0, ExposureResult? Result = null);

/// <summary>
/// The anonymous exposure check. Starting one answers the same whatever the address (affected, not affected, a
/// mailbox that does not exist, one past its limit); only the address's owner receives the code, and only a correct
/// code leads to the exposure lookup. Codes are six digits, stored as a keyed hash bound to their check, compared in
/// constant time, valid for a limited time and a limited number of attempts, and usable once.
/// </summary>
public sealed partial class ExposureCheckService(
    IDbContextFactory<PortalDbContext> dbFactory,
    ExposureHasher hasher,
    ExposureResults results,
    EmailComposer composer,
    EmailOutbox outbox,
    IOptions<ExposureOptions> options,
    TimeProvider clock,
    ILogger<ExposureCheckService> logger)
{
    public const int CodeLength = 6;

    private readonly byte[] codeKey = hasher.DeriveKey("check-code");
    private readonly byte[] networkKey = hasher.DeriveKey("check-network");

    private ExposureCheckOptions Settings => options.Value.Check;

    /// <summary>
    /// Stores a check and queues its code email when <paramref name="address"/> is a valid address under its limit;
    /// otherwise stores and sends nothing. Either way the caller gets a ticket of the same shape to show the code form.
    /// </summary>
    public async Task<ExposureCheckTicket> StartAsync(string address, IPAddress? client, string culture, CancellationToken cancellationToken)
    {
        var normalized = AddressNormalizer.Normalize(address);
        var ticket = new ExposureCheckTicket(NewCheckId(), normalized.Value ?? address.Trim());
        if (!normalized.IsValid)
        {
            return ticket;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var code = NewCode();
        var check = new ExposureCheck
        {
            Id = ticket.CheckId,
            AddressHash = hasher.Hash(ticket.Address),
            CodeHash = CodeHash(ticket.CheckId, code),
            IpBucket = NetworkBucket(client),
            Culture = culture,
            CreatedAt = now,
            ExpiresAt = now.AddMinutes(Settings.CodeLifetimeMinutes),
            AttemptsLeft = Settings.MaxAttempts,
        };

        // Composed before the limit is known, so an address past its limit takes the same work as one under it.
        var email = await composer.ComposeAsync<ExposureCheckCode>(culture, new Dictionary<string, object?>
        {
            [nameof(ExposureCheckCode.Code)] = code,
            [nameof(ExposureCheckCode.ValidMinutes)] = Settings.CodeLifetimeMinutes,
        });

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.ExposureChecks.Where(c => c.CreatedAt < now.AddHours(-Math.Max(Settings.RetentionHours, 1)))
            .ExecuteDeleteAsync(cancellationToken);
        var stored = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            // Serializable: two requests at once cannot both pass the count and exceed the limit.
            await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
            var since = now.AddMinutes(-Settings.AddressWindowMinutes);
            var recent = await db.ExposureChecks.CountAsync(c => c.AddressHash == check.AddressHash && c.CreatedAt > since, cancellationToken);
            if (recent >= Settings.MaxCodesPerAddress)
            {
                return false;
            }

            db.ExposureChecks.Add(check);
            outbox.Add(db, email, ticket.Address, null);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        });

        if (!stored)
        {
            LogAddressLimit(logger, Settings.MaxCodesPerAddress, Settings.AddressWindowMinutes);
        }

        return ticket;
    }

    /// <summary>
    /// Checks <paramref name="code"/> against the ticket's check. Every wrong code spends an attempt; the exposure
    /// lookup runs only after the right code, and the check cannot be verified twice.
    /// </summary>
    public async Task<ExposureCheckOutcome> VerifyAsync(ExposureCheckTicket ticket, string code, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var check = await FindAsync(db, ticket, cancellationToken);
        if (check is null)
        {
            return new(ExposureCheckStatus.Unknown);
        }

        if (check.VerifiedAt is not null)
        {
            return new(ExposureCheckStatus.Used);
        }

        if (now >= check.ExpiresAt)
        {
            return new(ExposureCheckStatus.Expired);
        }

        if (check.AttemptsLeft <= 0)
        {
            return new(ExposureCheckStatus.Locked);
        }

        // The attempt is spent before the comparison, in one conditional statement, so that guesses sent in
        // parallel cannot share an attempt.
        var spent = await db.ExposureChecks
            .Where(c => c.Id == check.Id && c.AttemptsLeft > 0 && c.VerifiedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.AttemptsLeft, c => c.AttemptsLeft - 1), cancellationToken);
        if (spent == 0)
        {
            // A request in parallel took the last attempt or used the code.
            var verifiedAt = await db.ExposureChecks.Where(c => c.Id == check.Id).Select(c => c.VerifiedAt).SingleAsync(cancellationToken);
            return new(verifiedAt is null ? ExposureCheckStatus.Locked : ExposureCheckStatus.Used);
        }

        if (!CryptographicOperations.FixedTimeEquals(check.CodeHash, CodeHash(check.Id, NormalizeCode(code))))
        {
            // Read back rather than computed: guesses in parallel may have spent more since this one started.
            var left = await db.ExposureChecks.Where(c => c.Id == check.Id).Select(c => c.AttemptsLeft).SingleAsync(cancellationToken);
            return left > 0 ? new(ExposureCheckStatus.WrongCode, left) : new(ExposureCheckStatus.Locked);
        }

        var verified = await db.ExposureChecks
            .Where(c => c.Id == check.Id && c.VerifiedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.VerifiedAt, now), cancellationToken);
        if (verified == 0)
        {
            return new(ExposureCheckStatus.Used);
        }

        return new(ExposureCheckStatus.Verified, Result: await results.ForProvedOwnerAsync(ticket.Address, cancellationToken));
    }

    /// <summary>The normalised address of a check verified less than <c>ResultMinutes</c> ago, else null.</summary>
    public async Task<string?> VerifiedAddressAsync(ExposureCheckTicket ticket, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var check = await FindAsync(db, ticket, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        return check?.VerifiedAt is { } verifiedAt && now < verifiedAt.AddMinutes(Settings.ResultMinutes) ? ticket.Address : null;
    }

    /// <summary>The result again for a recently verified check (its page reloaded), else null.</summary>
    public async Task<ExposureResult?> VerifiedResultAsync(ExposureCheckTicket ticket, CancellationToken cancellationToken) =>
        await VerifiedAddressAsync(ticket, cancellationToken) is { } address
            ? await results.ForProvedOwnerAsync(address, cancellationToken)
            : null;

    /// <summary>The check of a ticket, provided the ticket's address is the one it was started for.</summary>
    private async Task<ExposureCheck?> FindAsync(PortalDbContext db, ExposureCheckTicket ticket, CancellationToken cancellationToken)
    {
        if (ticket.CheckId.Length != ExposureCheck.IdLength || !AddressNormalizer.Normalize(ticket.Address).IsValid)
        {
            return null;
        }

        var check = await db.ExposureChecks.AsNoTracking().SingleOrDefaultAsync(c => c.Id == ticket.CheckId, cancellationToken);
        return check is not null && CryptographicOperations.FixedTimeEquals(check.AddressHash, hasher.Hash(ticket.Address)) ? check : null;
    }

    private static string NewCheckId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static string NewCode() =>
        RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D" + CodeLength, CultureInfo.InvariantCulture);

    /// <summary>People paste codes with spaces or a hyphen; anything else stays as typed (and is simply wrong).</summary>
    private static string NormalizeCode(string code) =>
        string.Concat((code ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-'));

    private byte[] CodeHash(string checkId, string code) =>
        HMACSHA256.HashData(codeKey, Encoding.UTF8.GetBytes($"{checkId}:{code}"));

    /// <summary>The requester's network (IPv4 /24, IPv6 /64) under a keyed hash: enough to see abuse from one network, not to identify anyone.</summary>
    private byte[]? NetworkBucket(IPAddress? client)
    {
        if (client is null)
        {
            return null;
        }

        if (client.IsIPv4MappedToIPv6)
        {
            client = client.MapToIPv4();
        }

        var bytes = client.GetAddressBytes();
        var prefix = client.AddressFamily == AddressFamily.InterNetwork ? bytes[..3] : bytes[..8];
        return HMACSHA256.HashData(networkKey, prefix)[..ExposureCheck.IpBucketLength];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Exposure check not started: the address already had {Limit} codes in the last {Minutes} minutes.")]
    private static partial void LogAddressLimit(ILogger logger, int limit, int minutes);
}
