using KopanoPortal.Core.Kopano;

namespace KopanoPortal.Core.Model;

/// <summary>
/// One quota as KC stores it: <paramref name="Override"/> is the inverse of <c>usedefaultquota</c> (true = the levels
/// here apply); levels are whole MB, 0 = unlimited. The adapters store bytes (DB plugin: MB × 1048576; LDAP:
/// bytes ÷ ldap_quota_multiplier) and read bytes back rounded down to whole MB.
/// </summary>
public sealed record Quota(bool Override, long WarnMb, long SoftMb, long HardMb)
{
    public const long BytesPerMb = 1024 * 1024;

    /// <summary>The largest level whose byte value still fits KC's signed 64-bit quota fields.</summary>
    public const long MaxMb = long.MaxValue / BytesPerMb;

    /// <summary>No override: what a missing <c>usedefaultquota</c> means.</summary>
    public static Quota Defaults { get; } = new(false, 0, 0, 0);

    public static long ToBytes(long mb) => mb * BytesPerMb;

    public static long ToMb(long bytes) => bytes / BytesPerMb;
}

/// <summary>
/// A tenant's quotas: <see cref="Tenant"/> is the company's public-store quota (override and warn only: KC applies no
/// soft or hard limit to a company, and the adapters store them as 0); <see cref="UserDefault"/> is the default quota of
/// its users (stored whole, but KC applies only its warn level, docs/kopano.md, "Quota resolution").
/// </summary>
public sealed record TenantQuotas(Quota Tenant, Quota UserDefault)
{
    public static TenantQuotas Defaults { get; } = new(Quota.Defaults, Quota.Defaults);
}

/// <summary>Where an effective quota level comes from.</summary>
public enum QuotaSource
{
    /// <summary>The user's own quota (override on).</summary>
    User,

    /// <summary>The tenant's default user quota (its override on).</summary>
    TenantDefault,

    /// <summary>The company's own public-store quota (override on).</summary>
    Tenant,

    /// <summary>server.cfg: quota_warn / quota_soft / quota_hard, or companyquota_warn for a company.</summary>
    Server,
}

/// <summary>One effective level in MB (0 = unlimited) and where it comes from.</summary>
public sealed record QuotaLevel(long Mb, QuotaSource Source);

/// <summary>A user's quota as kopano-server resolves it (docs/kopano.md, "Quota resolution", ECSecurity::GetUserQuota).</summary>
public sealed record EffectiveQuota(QuotaLevel Warn, QuotaLevel Soft, QuotaLevel Hard);

/// <summary>KC's quota resolution (docs/kopano.md, "Quota resolution"), exactly, including its company user-default caveat.</summary>
public static class QuotaResolution
{
    /// <summary>
    /// 1. The user's own levels when the user overrides. 2. Otherwise, for a user in a tenant whose default user quota
    /// overrides: its warn level; soft and hard come back 0 (unlimited), because KC's plugins skip usersoftquota and
    /// userhardquota when reading a company. 3. Otherwise server.cfg's quota_warn / quota_soft / quota_hard.
    /// </summary>
    public static EffectiveQuota ForUser(Quota user, Quota? tenantUserDefault, QuotaOptions server)
    {
        if (user.Override)
            return new(new(user.WarnMb, QuotaSource.User), new(user.SoftMb, QuotaSource.User), new(user.HardMb, QuotaSource.User));
        if (tenantUserDefault is { Override: true } tenantDefault)
            return new(new(tenantDefault.WarnMb, QuotaSource.TenantDefault), new(0, QuotaSource.TenantDefault), new(0, QuotaSource.TenantDefault));
        return new(new(server.WarnMb, QuotaSource.Server), new(server.SoftMb, QuotaSource.Server), new(server.HardMb, QuotaSource.Server));
    }

    /// <summary>A company's public-store warn level: its own when it overrides, else companyquota_warn. Soft and hard never apply.</summary>
    public static QuotaLevel ForTenant(Quota tenant, QuotaOptions server) =>
        tenant.Override ? new(tenant.WarnMb, QuotaSource.Tenant) : new(server.CompanyWarnMb, QuotaSource.Server);
}
