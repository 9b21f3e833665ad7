using FluentValidation;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using KopanoPortal.Core.Validation;
using Microsoft.Extensions.Options;

namespace KopanoPortal.Core.Services;

/// <summary>
/// Quotas of users and tenants (docs/kopano.md, "Property names", "kopano-admin", "Quota resolution"). KC lets an admin over the object, or the user
/// themselves, read a quota (docs/kopano.md, "Permission checks"); writing a user's quota needs the same rights as changing the user; a tenant's own
/// quota and its default user quota can be set by whoever administers the tenant (<see cref="AccessPolicy.CanAdminister"/>).
/// </summary>
public sealed class QuotaService(
    ITenantDirectory tenantDirectory,
    IQuotaDirectory quotaDirectory,
    PortalContext context,
    IValidator<QuotaForm> validator,
    IOptions<QuotaOptions> server)
{
    /// <summary>Field-name prefixes of <see cref="InvalidInput"/> errors from <see cref="SetTenantQuotasAsync"/>.</summary>
    public const string TenantField = "Tenant.";
    public const string UserDefaultField = "UserDefault.";

    public QuotaOptions ServerDefaults => server.Value;

    public async Task<Result<Quota>> GetUserQuotaAsync(ObjectKey user, CancellationToken ct)
    {
        var access = await context.VisibleUserAsync(user, "read user quota", ct);
        if (!access.Succeeded)
            return access.Error!;
        var quota = await quotaDirectory.GetUserQuotaAsync(user, ct);
        return quota is null ? new NotFound("The user") : quota;
    }

    /// <summary>The user's quota as kopano-server applies it, with the source of each level (docs/kopano.md, "Quota resolution").</summary>
    public async Task<Result<EffectiveQuota>> EffectiveQuotaAsync(ObjectKey user, CancellationToken ct)
    {
        var access = await context.VisibleUserAsync(user, "read user quota", ct);
        if (!access.Succeeded)
            return access.Error!;
        var own = await quotaDirectory.GetUserQuotaAsync(user, ct);
        if (own is null)
            return new NotFound("The user");
        Quota? tenantDefault = null;
        if (!own.Override && context.Policy.Hosted && access.Value!.Details.User.Tenant is { } tenant)
            tenantDefault = (await quotaDirectory.GetTenantQuotasAsync(tenant, ct))?.UserDefault;
        return QuotaResolution.ForUser(own, tenantDefault, server.Value);
    }

    public async Task<Result> SetUserQuotaAsync(ObjectKey user, QuotaForm form, CancellationToken ct)
    {
        var access = await context.ManageableUserAsync(user, "set user quota", ct);
        if (!access.Succeeded)
            return access.Error!;
        var (actor, current) = access.Value!;
        if (await validator.CheckAsync(form, ct) is { } invalid)
            return invalid;
        var before = await quotaDirectory.GetUserQuotaAsync(user, ct);
        if (before is null)
            return new NotFound("The user");
        var quota = form.ToQuota();
        // Made first even for a request that changes nothing: a read-only token is refused either way.
        var audit = context.Audit(actor, current.User.Tenant, current.TenantName, "user.quota",
            context.LoginFormat.Render(current.User.Name, current.TenantName), before, quota);
        if (quota == before)
            return Result.NothingChanged;
        return await quotaDirectory.SetUserQuotaAsync(user, quota, audit, ct);
    }

    public async Task<Result<TenantQuotas>> GetTenantQuotasAsync(ObjectKey tenant, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (actor is null || !context.Policy.Hosted || !context.Policy.CanAdminister(actor, tenant))
            return context.Hide(actor, "read tenant quota", tenant.Value, "The tenant");
        var quotas = await quotaDirectory.GetTenantQuotasAsync(tenant, ct);
        return quotas is null ? new NotFound("The tenant") : quotas;
    }

    /// <summary>The company's public-store warn level as kopano-server applies it: its own if overriding, else companyquota_warn.</summary>
    public async Task<Result<QuotaLevel>> EffectiveTenantQuotaAsync(ObjectKey tenant, CancellationToken ct)
    {
        var quotas = await GetTenantQuotasAsync(tenant, ct);
        return quotas.Succeeded ? QuotaResolution.ForTenant(quotas.Value!.Tenant, server.Value) : quotas.Error!;
    }

    /// <summary>
    /// Sets the tenant's own quota (override and warn; soft and hard are stored as 0, as kopano-admin does) and its
    /// default user quota, in one write. Errors name fields <c>Tenant.Warn</c>, <c>UserDefault.Soft</c>, ...
    /// </summary>
    public async Task<Result> SetTenantQuotasAsync(ObjectKey tenant, QuotaForm tenantQuota, QuotaForm userDefault, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (actor is null || !context.Policy.Hosted || !context.Policy.CanAdminister(actor, tenant))
            return context.Hide(actor, "set tenant quota", tenant.Value, "The tenant");
        // KC applies no soft or hard limit to a company; kopano-admin stores them as 0 (the caller's form is left alone).
        tenantQuota = new QuotaForm { Override = tenantQuota.Override, Warn = tenantQuota.Warn };
        var errors = new Dictionary<string, string>();
        foreach (var (prefix, form) in new[] { (TenantField, tenantQuota), (UserDefaultField, userDefault) })
        {
            if (await validator.CheckAsync(form, ct) is { } invalid)
            {
                foreach (var (field, message) in invalid.Fields)
                    errors[prefix + field] = message;
            }
        }
        if (errors.Count > 0)
            return new InvalidInput(errors);

        var tenantName = await tenantDirectory.GetTenantNameAsync(tenant, ct);
        var before = await quotaDirectory.GetTenantQuotasAsync(tenant, ct);
        if (tenantName is null || before is null)
            return new NotFound("The tenant");
        var quotas = new TenantQuotas(tenantQuota.ToQuota(), userDefault.ToQuota());
        var audit = context.Audit(actor, tenant, tenantName, "tenant.quota", tenantName, before, quotas);
        if (quotas == before)
            return Result.NothingChanged;
        return await quotaDirectory.SetTenantQuotasAsync(tenant, quotas, audit, ct);
    }
}
