using System.Globalization;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;

namespace KopanoPortal.Directory.Sql;

// Quotas as KC's DB plugin stores them (docs/kopano.md, "Property names", "How the DB plugin reads and writes"): usedefaultquota '1'/'0' (missing = use defaults),
// warnquota/softquota/hardquota in bytes as decimal text, and the user… variants on a company for its user default.
public sealed partial class SqlDirectory
{
    public Task<Quota?> GetUserQuotaAsync(ObjectKey user, CancellationToken ct) => ReadAsync(async db =>
    {
        var row = await FindObjectAsync(db, user, UserTypeFirst, UserTypeEnd, ct);
        if (row is null)
            return null;
        var properties = (await PropertiesOfAsync(db, [row.Id], ct)).GetValueOrDefault(row.Id) ?? [];
        return ReadQuota(properties, PropertyNames.UseDefaultQuota, PropertyNames.WarnQuota, PropertyNames.SoftQuota, PropertyNames.HardQuota);
    }, ct);

    public Task<Result> SetUserQuotaAsync(ObjectKey user, Quota quota, AuditEntry audit, CancellationToken ct) => WriteAsync(audit, async db =>
    {
        var row = await FindObjectAsync(db, user, UserTypeFirst, UserTypeEnd, ct);
        if (row is null)
            return new NotFound("The user");
        var values = new Dictionary<string, string> { [PropertyNames.ModTime] = ModTime() };
        WriteQuota(values, quota, PropertyNames.UseDefaultQuota, PropertyNames.WarnQuota, PropertyNames.SoftQuota, PropertyNames.HardQuota);
        await SetPropertiesAsync(db, row.Id, values, ct);
        return Result.Ok;
    }, ct);

    public Task<TenantQuotas?> GetTenantQuotasAsync(ObjectKey tenant, CancellationToken ct) => ReadAsync(async db =>
    {
        var row = await FindObjectAsync(db, tenant, ContainerTypeFirst, ContainerTypeEnd, ct);
        if (row is null || row.ObjectClass != (long)KopanoObjectClass.Company)
            return null;
        var properties = (await PropertiesOfAsync(db, [row.Id], ct)).GetValueOrDefault(row.Id) ?? [];
        // KC ignores softquota/hardquota of a company: read them as 0 whatever is stored.
        var own = ReadQuota(properties, PropertyNames.UseDefaultQuota, PropertyNames.WarnQuota, PropertyNames.SoftQuota, PropertyNames.HardQuota)
            with { SoftMb = 0, HardMb = 0 };
        var userDefault = ReadQuota(properties, PropertyNames.UserUseDefaultQuota, PropertyNames.UserWarnQuota, PropertyNames.UserSoftQuota, PropertyNames.UserHardQuota);
        return new TenantQuotas(own, userDefault);
    }, ct);

    public Task<Result> SetTenantQuotasAsync(ObjectKey tenant, TenantQuotas quotas, AuditEntry audit, CancellationToken ct) => WriteAsync(audit, async db =>
    {
        var row = await FindObjectAsync(db, tenant, ContainerTypeFirst, ContainerTypeEnd, ct);
        if (row is null || row.ObjectClass != (long)KopanoObjectClass.Company)
            return new NotFound("The tenant");
        var values = new Dictionary<string, string> { [PropertyNames.ModTime] = ModTime() };
        // As kopano-admin --create-company/--update-company with --qo/--qw: soft and hard forced to 0.
        WriteQuota(values, quotas.Tenant with { SoftMb = 0, HardMb = 0 },
            PropertyNames.UseDefaultQuota, PropertyNames.WarnQuota, PropertyNames.SoftQuota, PropertyNames.HardQuota);
        WriteQuota(values, quotas.UserDefault,
            PropertyNames.UserUseDefaultQuota, PropertyNames.UserWarnQuota, PropertyNames.UserSoftQuota, PropertyNames.UserHardQuota);
        await SetPropertiesAsync(db, row.Id, values, ct);
        return Result.Ok;
    }, ct);

    private static Quota ReadQuota(Dictionary<string, string?> properties, string useDefault, string warn, string soft, string hard)
    {
        long Mb(string name) =>
            long.TryParse(properties.GetValueOrDefault(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var bytes) && bytes > 0
                ? Quota.ToMb(bytes)
                : 0;
        // KC: a missing usedefaultquota means "use defaults"; '0' means override.
        var overrides = properties.GetValueOrDefault(useDefault) is { } flag && flag.Trim() == "0";
        return new Quota(overrides, Mb(warn), Mb(soft), Mb(hard));
    }

    private static void WriteQuota(Dictionary<string, string> values, Quota quota, string useDefault, string warn, string soft, string hard)
    {
        static string Bytes(long mb) => Quota.ToBytes(mb).ToString(CultureInfo.InvariantCulture);
        values[useDefault] = quota.Override ? "0" : "1";
        values[warn] = Bytes(quota.WarnMb);
        values[soft] = Bytes(quota.SoftMb);
        values[hard] = Bytes(quota.HardMb);
    }
}
