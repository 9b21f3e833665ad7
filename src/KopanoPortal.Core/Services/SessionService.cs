using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Model;

namespace KopanoPortal.Core.Services;

/// <summary>
/// Sessions that end on the server: a session carries its account's security stamp from sign-in, and is valid only
/// while the stamp is unchanged. Sign-out, a new password, demotion, deactivation and deletion renew the stamp
/// (<see cref="EndAllAsync"/>), ending every session of that account, whichever browser holds its cookie.
/// </summary>
public sealed class SessionService(ISessionStamps stamps)
{
    /// <summary>The stamp a new session of <paramref name="account"/> carries.</summary>
    public Task<string> StampForNewSessionAsync(ObjectKey account, CancellationToken ct) => stamps.GetOrCreateAsync(account, ct);

    public async Task<bool> IsCurrentAsync(ObjectKey account, string? stamp, CancellationToken ct) =>
        stamp is not null && await stamps.FindAsync(account, ct) == stamp;

    public Task EndAllAsync(ObjectKey account, CancellationToken ct) => stamps.RenewAsync(account, ct);

    /// <summary>Whether a change to an account ends its sessions: a new password, a lower level, or deactivation.</summary>
    public static bool EndsSessions(UserChange change, Kopano.AdminLevel levelBefore) =>
        change.Password is not null || change.IsActive == false || change.AdminLevel < levelBefore;

    /// <summary>Makes <paramref name="change"/> and, once it succeeded and <see cref="EndsSessions"/>, ends the account's sessions.</summary>
    public async Task<Result> ApplyAsync(ObjectKey account, UserChange change, Kopano.AdminLevel levelBefore, Func<Task<Result>> apply, CancellationToken ct)
    {
        var result = await apply();
        if (result.Succeeded && EndsSessions(change, levelBefore))
            await EndAllAsync(account, ct);
        return result;
    }
}
