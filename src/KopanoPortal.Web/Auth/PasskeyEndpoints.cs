using Microsoft.Extensions.Localization;
using System.Security.Claims;
using System.Text.Json;
using Fido2NetLib;
using Fido2NetLib.Objects;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using KopanoPortal.Core.Services;
using KopanoPortal.Core.Validation;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace KopanoPortal.Web.Auth;

/// <summary>
/// Passkeys (WebAuthn) with the Fido2 library: registering one on My account and using one as the second step of a
/// sign-in. Each ceremony's options (with their challenge) wait in a short-lived, encrypted cookie between the two
/// calls. The calls take JSON only, which a form on another site cannot send, and the session cookie is SameSite=Strict.
/// </summary>
public static class PasskeyEndpoints
{
    private const string RegistrationCookie = "KopanoPortal.PasskeyRegistration";
    private const string AssertionCookie = "KopanoPortal.PasskeyAssertion";
    private static readonly TimeSpan CeremonyLifetime = TimeSpan.FromMinutes(5);

    public sealed record RegistrationRequest(string Name, JsonElement Credential);

    public static IEndpointRouteBuilder MapPasskeyEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/me/passkeys/options", (Delegate)RegistrationOptionsAsync);
        endpoints.MapPost("/me/passkeys", RegisterAsync);
        endpoints.MapPost("/signin/passkey/options", (Delegate)AssertionOptionsAsync);
        endpoints.MapPost("/signin/passkey", AssertAsync);
        return endpoints;
    }

    private static async Task<IResult> RegistrationOptionsAsync(HttpContext http)
    {
        if (!IsJson(http) || await SignedInAsync(http) is not { } actor)
            return Results.Forbid();
        var factors = await http.RequestServices.GetRequiredService<SecondFactorPolicy>().StateAsync(actor.Key, http.RequestAborted);
        var options = Fido(http).RequestNewCredential(new RequestNewCredentialParams
        {
            User = new Fido2User { Id = System.Text.Encoding.UTF8.GetBytes(actor.Key.Value), Name = actor.Login, DisplayName = actor.User?.FullName ?? actor.Operator!.FullName },
            ExcludeCredentials = factors.Passkeys.Select(p => new PublicKeyCredentialDescriptor(p.CredentialId)).ToList(),
            AuthenticatorSelection = new AuthenticatorSelection
            {
                ResidentKey = ResidentKeyRequirement.Required,
                UserVerification = UserVerificationRequirement.Required,
            },
            AttestationPreference = AttestationConveyancePreference.None,
        });
        var json = options.ToJson();
        SetCeremony(http, RegistrationCookie, "/me/passkeys", json);
        return Results.Text(json, "application/json");
    }

    private static async Task<IResult> RegisterAsync(HttpContext http, RegistrationRequest request)
    {
        if (!IsJson(http) || await SignedInAsync(http) is not { } actor || Ceremony(http, RegistrationCookie) is not { } optionsJson)
            return Results.Forbid();
        http.Response.Cookies.Delete(RegistrationCookie, new CookieOptions { Path = "/me/passkeys" });
        var form = new PasskeyForm { Name = request.Name?.Trim() ?? "" };
        if (await http.RequestServices.GetRequiredService<FluentValidation.IValidator<PasskeyForm>>().CheckAsync(form, http.RequestAborted) is { } invalid)
            return Results.BadRequest(new { error = invalid.FieldErrors.Values.First() });
        var name = form.Name;
        var store = http.RequestServices.GetRequiredService<ISecondFactors>();
        RegisteredPublicKeyCredential credential;
        try
        {
            credential = await Fido(http).MakeNewCredentialAsync(new MakeNewCredentialParams
            {
                AttestationResponse = request.Credential.Deserialize<AuthenticatorAttestationRawResponse>()!,
                OriginalOptions = CredentialCreateOptions.FromJson(optionsJson),
                IsCredentialIdUniqueToUserCallback = async (args, ct) => await store.FindPasskeyAsync(args.CredentialId, ct) is null,
            }, http.RequestAborted);
        }
        catch (Fido2VerificationException)
        {
            return Results.BadRequest(new { error = Localizer(http)["The passkey could not be verified."].Value });
        }
        var account = SecondFactorPolicy.AccountKey(actor.Key);
        var state = await store.GetAsync(account, http.RequestAborted);
        // The first factor comes with recovery codes; a second one keeps the codes there are.
        var codes = state.HasFactor ? null : SecondFactorCodes.NewRecoveryCodes();
        var audit = new AuditEntry(Now(http), actor.Login, actor.Tenant, actor.TenantName, "mfa.passkey-add", actor.Login, null, $"{{\"Name\":{JsonSerializer.Serialize(name)}}}");
        await store.AddPasskeyAsync(new StoredPasskey(credential.Id, account, credential.PublicKey, credential.SignCount, credential.User.Id, name, Now(http)),
            codes?.Select(SecondFactorCodes.HashRecoveryCode).ToList(), audit, http.RequestAborted);
        return Results.Ok(new { recoveryCodes = codes });
    }

    private static async Task<IResult> AssertionOptionsAsync(HttpContext http)
    {
        if (!IsJson(http) || await PendingSignIn.ReadAsync(http) is not { } pending)
            return Results.Forbid();
        var state = await http.RequestServices.GetRequiredService<SecondFactorPolicy>().StateAsync(pending.Account, http.RequestAborted);
        if (state.Passkeys.Count == 0)
            return Results.Forbid();
        var options = Fido(http).GetAssertionOptions(new GetAssertionOptionsParams
        {
            AllowedCredentials = state.Passkeys.Select(p => new PublicKeyCredentialDescriptor(p.CredentialId)).ToList(),
            UserVerification = UserVerificationRequirement.Required,
        });
        var json = options.ToJson();
        SetCeremony(http, AssertionCookie, "/signin/passkey", json);
        return Results.Text(json, "application/json");
    }

    private static async Task<IResult> AssertAsync(HttpContext http, JsonElement credential)
    {
        if (!IsJson(http) || await PendingSignIn.ReadAsync(http) is not { } pending || Ceremony(http, AssertionCookie) is not { } optionsJson)
            return Results.Forbid();
        http.Response.Cookies.Delete(AssertionCookie, new CookieOptions { Path = "/signin/passkey" });
        var verifier = http.RequestServices.GetRequiredService<SecondFactorSignIn>();
        var store = http.RequestServices.GetRequiredService<ISecondFactors>();
        var address = SignInGuard.AddressOf(http.Connection.RemoteIpAddress);
        var response = credential.Deserialize<AuthenticatorAssertionRawResponse>();
        var stored = response is null ? null : await store.FindPasskeyAsync(response.RawId, http.RequestAborted);
        if (response is null || stored is null || stored.AccountKey != SecondFactorPolicy.AccountKey(pending.Account))
        {
            await verifier.RecordPasskeyFailureAsync(pending.Account, address, http.RequestAborted);
            return Results.BadRequest(new { error = Localizer(http)["This passkey does not belong to the account."].Value });
        }
        try
        {
            var result = await Fido(http).MakeAssertionAsync(new MakeAssertionParams
            {
                AssertionResponse = response,
                OriginalOptions = AssertionOptions.FromJson(optionsJson),
                StoredPublicKey = stored.PublicKey,
                StoredSignatureCounter = stored.SignCount,
                IsUserHandleOwnerOfCredentialIdCallback = (args, _) => Task.FromResult(args.UserHandle.AsSpan().SequenceEqual(stored.UserHandle)),
            }, http.RequestAborted);
            await store.UpdatePasskeyCounterAsync(stored.CredentialId, result.SignCount, http.RequestAborted);
        }
        catch (Fido2VerificationException)
        {
            await verifier.RecordPasskeyFailureAsync(pending.Account, address, http.RequestAborted);
            return Results.BadRequest(new { error = Localizer(http)["The passkey could not be verified."].Value });
        }
        var signedIn = await verifier.PasskeyVerifiedAsync(pending.Account, address, http.RequestAborted);
        if (!signedIn.Succeeded)
            return Results.BadRequest(new { error = signedIn.Error!.Message });
        PendingSignIn.End(http);
        await PortalSession.SignInAsync(http, signedIn.Value!);
        return Results.Ok(new { redirect = ReturnUrls.LocalOrHome(pending.ReturnUrl) });
    }

    /// <summary>The relying party is this site as the browser reached it; the browser itself binds a passkey to that origin.</summary>
    private static Fido2 Fido(HttpContext http)
    {
        var issuer = http.RequestServices.GetRequiredService<IOptions<MfaOptions>>().Value.Issuer;
        return new Fido2(new Fido2Configuration
        {
            RPID = http.Request.Host.Host,
            RPName = issuer,
            Origins = new HashSet<string> { $"{http.Request.Scheme}://{http.Request.Host}" },
        });
    }

    private static async Task<Actor?> SignedInAsync(HttpContext http) =>
        http.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } key
            ? await http.RequestServices.GetRequiredService<SignInService>().ResolveAsync(new ObjectKey(key), http.RequestAborted)
            : null;

    private static bool IsJson(HttpContext http) => http.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;

    private static DateTimeOffset Now(HttpContext http) => http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();

    private static ITimeLimitedDataProtector Protector(HttpContext http) =>
        http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector("KopanoPortal.PasskeyCeremony.v1").ToTimeLimitedDataProtector();

    private static void SetCeremony(HttpContext http, string cookie, string path, string optionsJson) =>
        http.Response.Cookies.Append(cookie, Protector(http).Protect(cookie + "\n" + optionsJson, CeremonyLifetime), new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = http.Request.IsHttps, Path = path, MaxAge = CeremonyLifetime, IsEssential = true,
        });

    private static string? Ceremony(HttpContext http, string cookie)
    {
        if (!http.Request.Cookies.TryGetValue(cookie, out var value) || string.IsNullOrEmpty(value))
            return null;
        try
        {
            var text = Protector(http).Unprotect(value);
            return text.StartsWith(cookie + "\n", StringComparison.Ordinal) ? text[(cookie.Length + 1)..] : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    // A static class cannot be a type argument, so the localizer is made by type: its German is in
    // Resources/Auth/PasskeyEndpoints.de.resx, as for any IStringLocalizer<T>.
    private static IStringLocalizer Localizer(HttpContext http) =>
        http.RequestServices.GetRequiredService<IStringLocalizerFactory>().Create(typeof(PasskeyEndpoints));
}
