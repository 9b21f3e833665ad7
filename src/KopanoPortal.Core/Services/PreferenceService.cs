using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;

namespace KopanoPortal.Core.Services;

/// <summary>
/// The caller's own language and theme, kept for their account so that another browser opens in them after sign-in.
/// Only ever the caller's own: no method takes an account. A personal setting changes nothing in the directory, so it
/// has no audit record (like an authenticator not yet confirmed, <see cref="SecondFactorService.BeginTotpAsync"/>).
/// Works for a caller who must still enrol a second factor: the bar's switches are theirs too.
/// </summary>
public sealed class PreferenceService(ICurrentActor currentActor, IAccountPreferences store, PortalContext context)
{
    public Task<Result> SetLanguageAsync(string language, CancellationToken ct) =>
        AccountPreferences.Languages.Contains(language)
            ? SaveAsync(new AccountPreferences(language, null), "choose language", ct)
            : Task.FromResult<Result>(new InvalidInput("Language", Text.T("Choose English or German.")));

    public Task<Result> SetThemeAsync(ThemeChoice theme, CancellationToken ct) =>
        Enum.IsDefined(theme)
            ? SaveAsync(new AccountPreferences(null, theme), "choose theme", ct)
            : Task.FromResult<Result>(new InvalidInput("Theme", Text.T("Choose light, dark or the system's theme.")));

    /// <summary>The choices of the account sign-in has just proven, to set this browser's cookies from.</summary>
    public Task<AccountPreferences> ForSignInAsync(ObjectKey account, CancellationToken ct) => store.GetPreferencesAsync(account, ct);

    private async Task<Result> SaveAsync(AccountPreferences choice, string action, CancellationToken ct)
    {
        if (await currentActor.GetForEnrollmentAsync(ct) is not { } actor)
            return context.Deny(null, action, "(self)");
        if (!context.Policy.CanWrite(actor))
            return context.Deny(actor, action, "(self)");
        await store.SavePreferencesAsync(actor.Key, choice, ct);
        return Result.Ok;
    }
}
