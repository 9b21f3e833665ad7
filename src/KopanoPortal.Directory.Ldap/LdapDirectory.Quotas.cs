using System.DirectoryServices.Protocols;
using System.Globalization;
using KopanoPortal.Core.Model;
using static KopanoPortal.Directory.Ldap.LdapRequests;

namespace KopanoPortal.Directory.Ldap;

// Quotas as KC's LDAP plugin reads them (docs/kopano.md, "LDAP schema", "ldap.cfg options", "How the LDAP plugin reads entries"): kopanoQuotaOverride 1/0 and kopanoQuotaWarn/
// Soft/Hard in units of ldap_quota_multiplier bytes on users; on companies kopanoQuotaOverride + kopanoQuotaWarn (the
// kopano-company class has no kopanoQuotaSoft/Hard, and KC ignores them there) and kopanoUserDefaultQuota*.
// The names are ldap.cfg's ldap_*quota*_attribute options (LdapMapping).
public sealed partial class LdapDirectory
{
    private string QuotaOverride => map.QuotaOverrideAttribute;
    private string QuotaWarn => map.WarnQuotaAttribute;
    private string QuotaSoft => map.SoftQuotaAttribute;
    private string QuotaHard => map.HardQuotaAttribute;
    private string UserDefaultQuotaOverride => map.UserDefaultQuotaOverrideAttribute;
    private string UserDefaultQuotaWarn => map.UserDefaultWarnQuotaAttribute;
    private string UserDefaultQuotaSoft => map.UserDefaultSoftQuotaAttribute;
    private string UserDefaultQuotaHard => map.UserDefaultHardQuotaAttribute;

    private string[] UserQuotaAttributes => [QuotaOverride, QuotaWarn, QuotaSoft, QuotaHard];

    private string[] CompanyQuotaAttributes =>
        [QuotaOverride, QuotaWarn, UserDefaultQuotaOverride, UserDefaultQuotaWarn, UserDefaultQuotaSoft, UserDefaultQuotaHard];

    private long QuotaMultiplier => map.QuotaMultiplier > 0 ? map.QuotaMultiplier : 1;

    public Task<Quota?> GetUserQuotaAsync(ObjectKey user, CancellationToken ct) => ReadAsync(async c =>
    {
        var entry = await FindAsync(c, user, UserFilter, UserQuotaAttributes);
        return entry is null ? null : ReadQuota(entry, QuotaOverride, QuotaWarn, QuotaSoft, QuotaHard);
    }, ct);

    public Task<Result> SetUserQuotaAsync(ObjectKey user, Quota quota, AuditEntry audit, CancellationToken ct) => WriteAsync(audit, async c =>
    {
        var entry = await FindAsync(c, user, UserFilter, NoAttributes);
        if (entry is null)
            return new NotFound("The user");
        var modify = new ModifyRequest(entry.DistinguishedName);
        modify.Modifications.Add(Replace(QuotaOverride, Flag(quota.Override)));
        modify.Modifications.Add(Replace(QuotaWarn, Units(quota.WarnMb)));
        modify.Modifications.Add(Replace(QuotaSoft, Units(quota.SoftMb)));
        modify.Modifications.Add(Replace(QuotaHard, Units(quota.HardMb)));
        await c.SendAsync(modify);
        return Result.Ok;
    }, ct);

    public Task<TenantQuotas?> GetTenantQuotasAsync(ObjectKey tenant, CancellationToken ct) => ReadAsync(async c =>
    {
        var company = await FindAsync(c, tenant, CompanyFilter, CompanyQuotaAttributes);
        if (company is null)
            return null;
        var own = ReadQuota(company, QuotaOverride, QuotaWarn, null, null);
        var userDefault = ReadQuota(company, UserDefaultQuotaOverride, UserDefaultQuotaWarn, UserDefaultQuotaSoft, UserDefaultQuotaHard);
        return new TenantQuotas(own, userDefault);
    }, ct);

    public Task<Result> SetTenantQuotasAsync(ObjectKey tenant, TenantQuotas quotas, AuditEntry audit, CancellationToken ct) => WriteAsync(audit, async c =>
    {
        var company = await FindAsync(c, tenant, CompanyFilter, NoAttributes);
        if (company is null)
            return new NotFound("The tenant");
        var modify = new ModifyRequest(company.DistinguishedName);
        modify.Modifications.Add(Replace(QuotaOverride, Flag(quotas.Tenant.Override)));
        modify.Modifications.Add(Replace(QuotaWarn, Units(quotas.Tenant.WarnMb)));
        modify.Modifications.Add(Replace(UserDefaultQuotaOverride, Flag(quotas.UserDefault.Override)));
        modify.Modifications.Add(Replace(UserDefaultQuotaWarn, Units(quotas.UserDefault.WarnMb)));
        modify.Modifications.Add(Replace(UserDefaultQuotaSoft, Units(quotas.UserDefault.SoftMb)));
        modify.Modifications.Add(Replace(UserDefaultQuotaHard, Units(quotas.UserDefault.HardMb)));
        await c.SendAsync(modify);
        return Result.Ok;
    }, ct);

    private static string Flag(bool value) => value ? "1" : "0";

    /// <summary>KC multiplies the stored value by ldap_quota_multiplier to get bytes; the portal divides.</summary>
    private string Units(long mb) => (Quota.ToBytes(mb) / QuotaMultiplier).ToString(CultureInfo.InvariantCulture);

    private Quota ReadQuota(SearchResultEntry entry, string overrideAttribute, string warn, string? soft, string? hard)
    {
        long Mb(string? attribute) =>
            attribute is not null
            && long.TryParse(entry.Value(attribute), NumberStyles.Integer, CultureInfo.InvariantCulture, out var units) && units > 0
                ? Quota.ToMb(units * QuotaMultiplier)
                : 0;
        // KC: atoi() of the override attribute; missing means use the defaults.
        var overrides = long.TryParse(entry.Value(overrideAttribute), NumberStyles.Integer, CultureInfo.InvariantCulture, out var flag) && flag != 0;
        return new Quota(overrides, Mb(warn), Mb(soft), Mb(hard));
    }
}
