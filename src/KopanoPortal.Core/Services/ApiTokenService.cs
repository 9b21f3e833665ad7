using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using FluentValidation;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using KopanoPortal.Core.Validation;
using Microsoft.Extensions.Logging;

namespace KopanoPortal.Core.Services;

/// <summary>
/// API tokens for provisioning systems. System admins make tokens for one tenant or for everything; a company admin
/// (or remote admin) only for a tenant they administer, and sees and revokes only those tenants' tokens. A token acts as
/// its owner as the directory holds them at each request, narrowed to the token's tenant: it stops working when the
/// owner is demoted, deactivated or deleted, or loses the tenant. Tokens cannot manage tokens.
/// Each token has a role: Full (the owner's rights, system admins only), Tenant admin (at most a company admin's rights
/// in its one tenant) or Read only (every read the owner may, no write: <see cref="PortalContext.Audit"/> refuses it).
/// </summary>
public sealed partial class ApiTokenService(
    IApiTokenStore tokens,
    ITenantDirectory tenantDirectory,
    PortalContext context,
    SignInService signIn,
    SecondFactorPolicy secondFactors,
    IValidator<ApiTokenForm> validator,
    TimeProvider clock,
    ILogger<ApiTokenService> log)
{
    /// <summary>The prefix of every secret, so that secret scanners can recognise a leaked one.</summary>
    public const string Prefix = "kpt_";

    public async Task<Result<IReadOnlyList<ApiTokenInfo>>> ListAsync(CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (actor is null || actor.Token is not null || !context.Policy.IsAdmin(actor))
            return context.Deny(actor, "list API tokens", "(API tokens)");
        if (actor.Level == AdminLevel.SystemAdmin)
            return Result<IReadOnlyList<ApiTokenInfo>>.From(await tokens.ListAsync(null, ct));
        if (!context.Policy.Hosted)
            return Result<IReadOnlyList<ApiTokenInfo>>.From([]);
        return Result<IReadOnlyList<ApiTokenInfo>>.From(await tokens.ListAsync(actor.AdministeredTenants, ct));
    }

    /// <summary>Makes a token and returns its secret, which is shown this once and stored only as its SHA-256.</summary>
    public async Task<Result<CreatedApiToken>> CreateAsync(ApiTokenForm form, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (actor is null || actor.Token is not null || !context.Policy.IsAdmin(actor))
            return context.Deny(actor, "create API token", form.Name ?? "");
        if (await validator.CheckAsync(form, ct) is { } invalid)
            return invalid;
        ObjectKey? tenant = string.IsNullOrEmpty(form.Tenant) ? null : new ObjectKey(form.Tenant);
        string? tenantName = null;
        if (tenant is { } key)
        {
            if (!context.Policy.Hosted || !context.Policy.CanAdminister(actor, key))
                return context.Hide(actor, "create API token", key.Value, "The tenant");
            tenantName = await tenantDirectory.GetTenantNameAsync(key, ct);
            if (tenantName is null)
                return new NotFound("The tenant");
        }
        else if (actor.Level != AdminLevel.SystemAdmin)
            return new InvalidInput(nameof(ApiTokenForm.Tenant), Text.T("Choose the tenant the token may reach."));
        else if (form.Role == ApiTokenRole.TenantAdmin)
            return new InvalidInput(nameof(ApiTokenForm.Tenant), Text.T("A tenant admin token needs the one tenant it administers."));
        // A token never does more than its maker could: a company or remote admin already acts as a tenant admin.
        if (form.Role == ApiTokenRole.Full && actor.Level != AdminLevel.SystemAdmin)
            return new InvalidInput(nameof(ApiTokenForm.Role), Text.T("Choose Tenant admin or Read only."));

        var secret = RandomNumberGenerator.GetBytes(32);
        var now = clock.GetUtcNow();
        var expires = now.AddDays(form.ValidDays);
        var name = form.Name.Trim();
        var audit = context.Audit(actor, tenant, tenantName, "apitoken.create", name, null,
            new
            {
                Name = name, Tenant = tenantName ?? "all tenants", Role = form.Role.Describe(),
                Expires = expires.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            });
        var created = await tokens.CreateAsync(
            new NewApiToken(name, actor.Key, actor.Login, tenant, tenantName, SHA256.HashData(secret), now, expires, form.Role), audit, ct);
        return new CreatedApiToken(created, Format(created.Id, secret));
    }

    public async Task<Result> RevokeAsync(long id, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        var target = id.ToString(CultureInfo.InvariantCulture);
        if (actor is null || actor.Token is not null || !context.Policy.IsAdmin(actor))
            return context.Deny(actor, "revoke API token", target);
        var stored = await tokens.GetAsync(id, ct);
        if (stored is null || !MayManage(actor, stored.Info))
            return context.Hide(actor, "revoke API token", target, "The API token");
        if (stored.Info.Revoked is not null)
            return Result.Ok;
        var audit = context.Audit(actor, stored.Info.Tenant, stored.Info.TenantName, "apitoken.revoke", stored.Info.Name,
            new { stored.Info.Name, Owner = stored.Info.OwnerLogin }, null);
        await tokens.RevokeAsync(id, clock.GetUtcNow(), audit, ct);
        return Result.Ok;
    }

    /// <summary>
    /// The caller a presented secret stands for, resolved afresh like a session's user; null when the secret is
    /// malformed, unknown, wrong, revoked or expired, or when its owner may no longer do what the token allows.
    /// </summary>
    public async Task<Actor?> AuthenticateAsync(string presented, CancellationToken ct)
    {
        if (Parse(presented) is not var (id, secret))
            return null;
        var stored = await tokens.GetAsync(id, ct);
        // Constant time over the hashes, so a wrong secret's timing says nothing about the right one.
        if (stored is null || !CryptographicOperations.FixedTimeEquals(SHA256.HashData(secret), stored.SecretHash))
            return Refused(id, "unknown or wrong secret");
        var token = stored.Info;
        var now = clock.GetUtcNow();
        if (token.Revoked is not null)
            return Refused(id, "revoked");
        if (now >= token.Expires)
            return Refused(id, "expired");
        var owner = await signIn.ResolveAsync(token.Owner, ct);
        if (owner is null)
            return Refused(id, "owner deleted or deactivated");
        if (await secondFactors.MustEnrollAsync(owner, ct))
            return Refused(id, "owner must first enrol a second factor");
        var stillAllowed = token.Tenant is { } tenant
            ? context.Policy.Hosted && context.Policy.CanAdminister(owner, tenant)
            : owner.Level == AdminLevel.SystemAdmin;
        if (!stillAllowed)
            return Refused(id, "owner no longer has the rights the token needs");
        if (token.Role == ApiTokenRole.TenantAdmin && token.Tenant is null)
            return Refused(id, "a tenant admin token without a tenant");
        await tokens.TouchAsync(id, now, ct);
        return owner with { Token = new ApiTokenGrant(token.Id, token.Name, token.Tenant, token.Role) };
    }

    private static bool MayManage(Actor actor, ApiTokenInfo token) =>
        actor.Level == AdminLevel.SystemAdmin || (token.Tenant is { } tenant && actor.AdministeredTenants.Contains(tenant));

    private Actor? Refused(long id, string reason)
    {
        LogRefused(log, id, reason);
        return null;
    }

    private static string Format(long id, byte[] secret) =>
        $"{Prefix}{id.ToString(CultureInfo.InvariantCulture)}_{Base64Url.EncodeToString(secret)}";

    /// <summary>"kpt_ID_SECRET" with a 32-byte secret in base64url; anything else is no token.</summary>
    private static (long Id, byte[] Secret)? Parse(string presented)
    {
        if (presented.Length > 100 || !presented.StartsWith(Prefix, StringComparison.Ordinal))
            return null;
        var rest = presented.AsSpan(Prefix.Length);
        var separator = rest.IndexOf('_');
        if (separator <= 0 || !long.TryParse(rest[..separator], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            return null;
        var encoded = rest[(separator + 1)..];
        if (encoded.Length != 43 || !Base64Url.IsValid(encoded))
            return null;
        return (id, Base64Url.DecodeFromChars(encoded));
    }

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "API token {Id} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, long id, string reason);
}
