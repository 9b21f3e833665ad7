using System.Security.Claims;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using KopanoPortal.Core.Services;
using Microsoft.AspNetCore.Components.Authorization;

namespace KopanoPortal.Web.Auth;

/// <summary>
/// The caller of a service: the cookie names the user, the directory says what they may do now.
/// Uses AuthenticationStateProvider, which works both in a circuit and during static rendering.
/// </summary>
public sealed class SignedInActor(AuthenticationStateProvider authentication, SignInService signIn, SecondFactorPolicy secondFactors) : ICurrentActor
{
    /// <summary>Null while the caller must enrol a second factor: every service then refuses them, whatever page asks.</summary>
    public async Task<Actor?> GetAsync(CancellationToken ct) =>
        await GetForEnrollmentAsync(ct) is { } actor && !await secondFactors.MustEnrollAsync(actor, ct) ? actor : null;

    public async Task<Actor?> GetForEnrollmentAsync(CancellationToken ct)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        var key = state.User.FindFirstValue(ClaimTypes.NameIdentifier);
        return key is null ? null : await signIn.ResolveAsync(new ObjectKey(key), ct);
    }
}
