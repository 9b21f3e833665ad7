using System.Net;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Model;

namespace KopanoPortal.Core.Services;

/// <summary>
/// Slows password guessing without handing a stranger a lock on somebody else's account. Failures are counted
/// per account as the directory resolved it (its key, so every spelling the directory maps to the account counts
/// against it) separately for each client address: five within fifteen minutes refuse that account from that address
/// until the fifteen minutes are over, while the right password from another address still works. And per client
/// address over every login it tries: from the tenth failure within an hour each further try waits twice as long
/// as the one before (1 s, 2 s, 4 s, … up to fifteen minutes).
/// </summary>
public sealed class SignInGuard(ISignInThrottle counters, TimeProvider clock)
{
    public const int AccountFailures = 5;
    public static readonly TimeSpan AccountWindow = TimeSpan.FromMinutes(15);
    public const int AddressFreeFailures = 10;
    public static readonly TimeSpan AddressWindow = TimeSpan.FromHours(1);
    public static readonly TimeSpan LongestDelay = TimeSpan.FromMinutes(15);

    /// <summary>How long <paramref name="address"/> must still wait before its next try; zero when it may try now.</summary>
    public async Task<TimeSpan> AddressDelayAsync(string address, CancellationToken ct)
    {
        var failures = await counters.GetAsync(AddressKey(address), ct);
        if (failures is null || failures.Count < AddressFreeFailures || Now - failures.First > AddressWindow)
            return TimeSpan.Zero;
        var delay = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, failures.Count - AddressFreeFailures), LongestDelay.TotalSeconds));
        var left = failures.Last + delay - Now;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>Whether <paramref name="account"/> is refused from <paramref name="address"/> for now.</summary>
    public async Task<bool> IsAccountLockedAsync(ObjectKey account, string address, CancellationToken ct)
    {
        var failures = await counters.GetAsync(AccountKey(account, address), ct);
        return failures is not null && failures.Count >= AccountFailures && Now - failures.First <= AccountWindow;
    }

    /// <summary>Counts a failure against the address and, when the login named one, against the account from that address.</summary>
    public async Task RecordFailureAsync(ObjectKey? account, string address, CancellationToken ct)
    {
        await counters.RecordFailureAsync(AddressKey(address), AddressWindow, ct);
        if (account is { } known)
            await counters.RecordFailureAsync(AccountKey(known, address), AccountWindow, ct);
    }

    /// <summary>
    /// Clears the account's failures from this address. The address's own count stays until its window ends, so a
    /// guesser cannot wipe it by signing in to an account of their own between guesses.
    /// </summary>
    public Task RecordSuccessAsync(ObjectKey account, string address, CancellationToken ct) =>
        counters.ResetAsync(AccountKey(account, address), ct);

    /// <summary>Clears the account's failures from every address (the console's way back in).</summary>
    public Task ClearAccountAsync(ObjectKey account, CancellationToken ct) =>
        counters.ResetAllStartingWithAsync(AccountPrefix(account), ct);

    /// <summary>The text form of a client address; an IPv4 address mapped into IPv6 counts as the IPv4 address.</summary>
    public static string AddressOf(IPAddress? address) =>
        address is null ? "unknown" : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();

    private DateTimeOffset Now => clock.GetUtcNow();

    private static string AddressKey(string address) => $"address:{address}";

    private static string AccountPrefix(ObjectKey account) => $"account:{account.Value} from ";

    private static string AccountKey(ObjectKey account, string address) => AccountPrefix(account) + address;
}
