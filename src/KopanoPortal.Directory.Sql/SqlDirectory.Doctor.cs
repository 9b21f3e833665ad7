using System.Globalization;
using System.Runtime.CompilerServices;
using KopanoPortal.Core;
using KopanoPortal.Core.Doctor;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Directory.Sql.Entities;
using Microsoft.EntityFrameworkCore;

namespace KopanoPortal.Directory.Sql;

/// <summary>
/// The directory check over KC's DB-plugin tables: one set-based query per rule, returning only the rows at fault
/// (the directory itself is never loaded), and the safe repairs, each one transaction over one object with its audit
/// record. The rows the older tools left are read as KC's DB plugin reads them (docs/kopano.md, "Property names", "How the DB plugin reads and writes").
/// </summary>
public sealed partial class SqlDirectory : IDirectoryDoctor
{
    private const int DoctorSteps = 7;
    private const string RelationToken = "relation";
    private const string LeftoverRowsToken = "leftover-rows";
    private const string ContactToken = "companyadmin";
    private const string ModTimeToken = "modtime";

    private static readonly string[] NameProperties = [PropertyNames.LoginName, PropertyNames.GroupName, PropertyNames.CompanyName];

    private static readonly string[] QuotaProperties =
    [
        PropertyNames.WarnQuota, PropertyNames.SoftQuota, PropertyNames.HardQuota,
        PropertyNames.UserWarnQuota, PropertyNames.UserSoftQuota, PropertyNames.UserHardQuota,
    ];

    /// <summary>An object as a finding names it.</summary>
    private sealed record Described(long Id, string Kind, string Name, string? Tenant);

    /// <summary>The companies by companyid (upper-case hex externid): there are few, so they are read once per check.</summary>
    private sealed record Company(long Id, string Name);

    public async IAsyncEnumerable<DoctorFinding> CheckAsync(DoctorScope scope, IProgress<DoctorProgress>? progress, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        var objects = await db.Objects.LongCountAsync(ct);
        var companies = await CompaniesAsync(db, ct);
        var step = 0;
        void Step(string name) => progress?.Report(new DoctorProgress(name, ++step, DoctorSteps, objects));

        Step(Text.T("users and groups outside every tenant"));
        if (scope.Hosted)
        {
            foreach (var finding in await OutsideEveryTenantAsync(db, companies, ct))
                yield return finding;
        }
        Step(Text.T("names KC's formats rewrite"));
        if (scope.Hosted)
        {
            foreach (var finding in await RewrittenNamesAsync(db, companies, scope.LoginNameFormat, ct))
                yield return finding;
        }
        Step(Text.T("names KC cannot tell apart"));
        foreach (var finding in await DuplicateNamesAsync(db, companies, scope.Hosted, ct))
            yield return finding;
        Step(Text.T("references to deleted objects"));
        foreach (var finding in await DanglingReferencesAsync(db, companies, ct))
            yield return finding;
        Step(Text.T("quotas"));
        foreach (var finding in await QuotaFindingsAsync(db, companies, ct))
            yield return finding;
        Step(Text.T("administrator levels and features"));
        foreach (var finding in await AdminLevelAndFeatureFindingsAsync(db, companies, ct))
            yield return finding;
        Step(Text.T("modification times and empty objects"));
        foreach (var finding in await ModTimeFindingsAsync(db, companies, ct))
            yield return finding;
    }

    private static async Task<Dictionary<string, Company>> CompaniesAsync(KopanoDbContext db, CancellationToken ct)
    {
        var rows = await db.Objects.Where(o => o.ObjectClass == (long)KopanoObjectClass.Company)
            .Select(o => new { o.Id, o.ExternId, Name = db.Properties.Where(p => p.ObjectId == o.Id && p.PropName == PropertyNames.CompanyName).Select(p => p.Value).FirstOrDefault() })
            .ToListAsync(ct);
        var companies = new Dictionary<string, Company>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows)
            companies.TryAdd(Convert.ToHexString(row.ExternId ?? []), new Company(row.Id, row.Name ?? $"#{row.Id}"));
        return companies;
    }

    private static string DoctorKindOf(long objectClass) =>
        objectClass >= UserTypeFirst && objectClass < UserTypeEnd ? "user"
        : objectClass >= GroupTypeFirst && objectClass < GroupTypeEnd ? "group"
        : objectClass == (long)KopanoObjectClass.Company ? "tenant"
        : "object";

    /// <summary>Kind, name and tenant of the objects a finding names, read in slices.</summary>
    private static async Task<Dictionary<long, Described>> DescribeAsync(KopanoDbContext db, IEnumerable<long> ids, Dictionary<string, Company> companies, CancellationToken ct)
    {
        var described = new Dictionary<long, Described>();
        foreach (var chunk in ids.Distinct().Chunk(500))
        {
            var rows = await db.Objects.Where(o => chunk.Contains(o.Id))
                .Select(o => new
                {
                    o.Id,
                    o.ObjectClass,
                    Name = db.Properties.Where(p => p.ObjectId == o.Id && NameProperties.Contains(p.PropName)).Select(p => p.Value).FirstOrDefault(),
                    Company = db.Properties.Where(p => p.ObjectId == o.Id && p.PropName == PropertyNames.CompanyId).Select(p => p.Value).FirstOrDefault(),
                })
                .ToListAsync(ct);
            foreach (var row in rows)
            {
                var kind = DoctorKindOf(row.ObjectClass);
                var tenant = kind == "tenant" ? row.Name : row.Company is { } c && companies.TryGetValue(c, out var company) ? company.Name : null;
                described[row.Id] = new Described(row.Id, kind, row.Name ?? Text.T("#{0} (no name)", IdText(row.Id)), tenant);
            }
        }
        return described;
    }

    private static async Task<List<DoctorFinding>> OutsideEveryTenantAsync(KopanoDbContext db, Dictionary<string, Company> companies, CancellationToken ct)
    {
        // The portal's own system admins stand outside every tenant on purpose (README, "Signing in"): KC never lists them.
        var withoutCompany = await db.Objects
            .Where(o => ((o.ObjectClass >= UserTypeFirst && o.ObjectClass < UserTypeEnd) || (o.ObjectClass >= GroupTypeFirst && o.ObjectClass < GroupTypeEnd))
                && db.Properties.Any(p => p.ObjectId == o.Id)
                && !db.Properties.Any(p => p.ObjectId == o.Id && p.PropName == PropertyNames.CompanyId)
                && !db.Properties.Any(p => p.ObjectId == o.Id && p.PropName == PropertyNames.IsAdmin && p.Value == "2"))
            .OrderBy(o => o.Id).Select(o => o.Id).ToListAsync(ct);
        var companyIds = await db.Properties.Where(p => p.PropName == PropertyNames.CompanyId).Select(p => p.Value).Distinct().ToListAsync(ct);
        var unknown = companyIds.Where(c => c is null || !companies.ContainsKey(c)).ToList();
        var unknownIds = new Dictionary<long, string?>();
        foreach (var value in unknown)
        {
            var ids = await db.Properties.Where(p => p.PropName == PropertyNames.CompanyId && p.Value == value).Select(p => p.ObjectId).ToListAsync(ct);
            foreach (var id in ids)
                unknownIds[id] = value;
        }
        var described = await DescribeAsync(db, withoutCompany.Concat(unknownIds.Keys), companies, ct);
        var findings = new List<DoctorFinding>();
        foreach (var id in withoutCompany)
        {
            if (described.TryGetValue(id, out var o))
                findings.Add(DoctorFindings.OutsideEveryTenant(o.Kind, o.Name,
                    o.Kind == "user" ? Text.T("The user has no tenant (no companyid).") : Text.T("The group has no tenant (no companyid).")));
        }
        foreach (var (id, value) in unknownIds.OrderBy(u => u.Key))
        {
            if (described.TryGetValue(id, out var o) && o.Kind is "user" or "group")
                findings.Add(DoctorFindings.OutsideEveryTenant(o.Kind, o.Name, Text.T("Its tenant (companyid {0}) does not exist.", value)));
        }
        return findings;
    }

    private static async Task<List<DoctorFinding>> RewrittenNamesAsync(KopanoDbContext db, Dictionary<string, Company> companies, string format, CancellationToken ct)
    {
        var rows = await db.Properties.Where(p => NameProperties.Contains(p.PropName) && p.Value != null && p.Value.Contains("%"))
            .OrderBy(p => p.ObjectId).Select(p => new { p.ObjectId, p.Value }).ToListAsync(ct);
        rows = rows.Where(r => LoginFormatNames.IsRewritten(r.Value)).ToList();
        var described = await DescribeAsync(db, rows.Select(r => r.ObjectId), companies, ct);
        return rows.Where(r => described.ContainsKey(r.ObjectId)).Select(r =>
        {
            var o = described[r.ObjectId];
            string? shown = null;
            if (o.Kind is "user" or "group" && o.Tenant is { } tenant)
            {
                var kc = LoginFormatNames.KcLogin(format, o.Name, tenant);
                if (kc != LoginFormatNames.MeantLogin(format, o.Name, tenant))
                    shown = kc;
            }
            return DoctorFindings.RewrittenName(o.Kind, o.Name, o.Kind == "tenant" ? null : o.Tenant, shown);
        }).ToList();
    }

    /// <summary>
    /// Names equal by KC's rule within one tenant (users among every user class, groups among every group class) or
    /// among companies: candidates grouped by the database (case-folded, so never fewer than KC's), then kept when
    /// <see cref="KopanoNames.SameAsKc"/> says so.
    /// </summary>
    private static async Task<List<DoctorFinding>> DuplicateNamesAsync(KopanoDbContext db, Dictionary<string, Company> companies, bool hosted, CancellationToken ct)
    {
        var findings = new List<DoctorFinding>();
        foreach (var (kind, first, end, nameProperty) in new[]
        {
            ("user", UserTypeFirst, UserTypeEnd, PropertyNames.LoginName),
            ("group", GroupTypeFirst, GroupTypeEnd, PropertyNames.GroupName),
            ("tenant", ContainerTypeFirst, ContainerTypeEnd, PropertyNames.CompanyName),
        })
        {
            if (kind == "tenant" && !hosted)
                continue;
            var named = from o in db.Objects.Where(o => o.ObjectClass >= first && o.ObjectClass < end)
                        join n in db.Properties.Where(p => p.PropName == nameProperty) on o.Id equals n.ObjectId
                        join c in db.Properties.Where(p => p.PropName == PropertyNames.CompanyId) on o.Id equals c.ObjectId into cs
                        from c in cs.DefaultIfEmpty()
                        select new { o.Id, Company = hosted ? c.Value : null, Name = n.Value };
            var candidates = await named.GroupBy(r => new { r.Company, Folded = CaseFolding.Fold(r.Name) })
                .Where(g => g.Count() > 1).Select(g => g.Key).ToListAsync(ct);
            foreach (var candidate in candidates)
            {
                var rows = await named.Where(r => r.Company == candidate.Company && CaseFolding.Fold(r.Name) == candidate.Folded)
                    .OrderBy(r => r.Id).Select(r => new { r.Id, r.Name }).ToListAsync(ct);
                var tenant = candidate.Company is { } id && companies.TryGetValue(id, out var company) ? company.Name : null;
                var left = rows.ToList();
                while (left.Count > 1)
                {
                    var same = left.Where(r => KopanoNames.SameAsKc(r.Name, left[0].Name)).ToList();
                    if (same.Count > 1)
                        findings.Add(DoctorFindings.DuplicateName(kind, same.Select(r => r.Name ?? "").ToList(), tenant));
                    left = left.Except(same).ToList();
                }
            }
        }
        return findings;
    }

    /// <summary>The problem of a relation of <paramref name="type"/> whose other side, <paramref name="missing"/>, is gone.</summary>
    private static string DanglingRelation(long type, long missing) => (RelationType)type switch
    {
        RelationType.GroupMember => Text.T("A group membership names object #{0}, which no longer exists.", IdText(missing)),
        RelationType.CompanyView => Text.T("A view-list entry names object #{0}, which no longer exists.", IdText(missing)),
        RelationType.CompanyAdmin => Text.T("A remote-admin entry names object #{0}, which no longer exists.", IdText(missing)),
        RelationType.QuotaUserRecipient => Text.T("A user-quota mail recipient names object #{0}, which no longer exists.", IdText(missing)),
        RelationType.QuotaCompanyRecipient => Text.T("A tenant-quota mail recipient names object #{0}, which no longer exists.", IdText(missing)),
        RelationType.UserSendAs => Text.T("A send-as delegate names object #{0}, which no longer exists.", IdText(missing)),
        _ => Text.T("A relation of type {0} names object #{1}, which no longer exists.", IdText(type), IdText(missing)),
    };

    private static async Task<List<DoctorFinding>> DanglingReferencesAsync(KopanoDbContext db, Dictionary<string, Company> companies, CancellationToken ct)
    {
        var findings = new List<DoctorFinding>();
        var relations = await db.Relations
            .Where(r => !db.Objects.Any(o => o.Id == r.ObjectId) || !db.Objects.Any(o => o.Id == r.ParentObjectId))
            .OrderBy(r => r.ParentObjectId).ThenBy(r => r.ObjectId).ToListAsync(ct);
        var described = await DescribeAsync(db, relations.SelectMany(r => new[] { r.ObjectId, r.ParentObjectId }), companies, ct);
        foreach (var r in relations)
        {
            var sql = $"DELETE FROM objectrelation WHERE objectid = {r.ObjectId} AND parentobjectid = {r.ParentObjectId} AND relationtype = {r.RelationType}";
            var kept = described.GetValueOrDefault(r.ParentObjectId) ?? described.GetValueOrDefault(r.ObjectId);
            var missing = described.ContainsKey(r.ParentObjectId) ? r.ObjectId : r.ParentObjectId;
            var changes = new List<string> { sql };
            if (kept is not null)
                changes.Add(ModTimeChange(kept.Id));
            var repair = new DoctorRepair(Text.T("Remove the left-over entry."), changes,
                string.Join('|', RelationToken, r.ObjectId, r.ParentObjectId, r.RelationType));
            findings.Add(DoctorFindings.DanglingReference(kept?.Kind ?? "relation", kept?.Name ?? $"#{r.ParentObjectId} → #{r.ObjectId}", kept?.Tenant,
                DanglingRelation(r.RelationType, missing), repair));
        }

        var leftover = await db.Properties.Where(p => !db.Objects.Any(o => o.Id == p.ObjectId)).Select(p => p.ObjectId)
            .Union(db.MvProperties.Where(p => !db.Objects.Any(o => o.Id == p.ObjectId)).Select(p => p.ObjectId))
            .OrderBy(id => id).ToListAsync(ct);
        foreach (var id in leftover)
        {
            var repair = new DoctorRepair(Text.T("Remove the left-over rows."),
                [$"DELETE FROM objectproperty WHERE objectid = {id}", $"DELETE FROM objectmvproperty WHERE objectid = {id}"],
                string.Join('|', LeftoverRowsToken, id));
            findings.Add(DoctorFindings.DanglingReference("object", $"#{id}", null,
                Text.T("Property rows of object #{0} remain, but the object no longer exists.", IdText(id)), repair));
        }

        var contacts = await db.Properties.Where(p => p.PropName == PropertyNames.CompanyAdmin)
            .Join(db.Objects.Where(o => o.ObjectClass == (long)KopanoObjectClass.Company), p => p.ObjectId, o => o.Id, (p, o) => new { p.ObjectId, p.Value })
            .OrderBy(p => p.ObjectId).ToListAsync(ct);
        foreach (var contact in contacts)
        {
            if (await ContactExistsAsync(db, contact.Value, ct))
                continue;
            var name = companies.Values.FirstOrDefault(c => c.Id == contact.ObjectId)?.Name ?? $"#{contact.ObjectId}";
            var repair = new DoctorRepair(Text.T("Remove the contact: KC then shows SYSTEM, as it already does."),
                [$"DELETE FROM objectproperty WHERE objectid = {contact.ObjectId} AND propname = 'companyadmin'", ModTimeChange(contact.ObjectId)],
                string.Join('|', ContactToken, contact.ObjectId, contact.Value));
            findings.Add(DoctorFindings.DanglingSystemAdminContact(name, contact.Value ?? "", repair));
        }
        return findings;
    }

    /// <summary>Whether a <c>companyadmin</c> value (<c>class;HEX externid</c>) names an existing object of that class.</summary>
    private static async Task<bool> ContactExistsAsync(KopanoDbContext db, string? value, CancellationToken ct)
    {
        var parts = (value ?? "").Split(';');
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var objectClass))
            return false;
        byte[] externId;
        try
        {
            externId = Convert.FromHexString(parts[1]);
        }
        catch (FormatException)
        {
            return false;
        }
        return await db.Objects.AnyAsync(o => o.ExternId == externId && o.ObjectClass == objectClass, ct);
    }

    /// <summary>An object id in a text: digits only, never grouped as a German number would be.</summary>
    private static string IdText(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string ModTimeChange(long objectId) =>
        $"UPDATE objectproperty SET value = '{Text.T("<time of the repair>")}' WHERE objectid = {objectId} AND propname = 'modtime' ({Text.T("inserted when missing")})";

    private static async Task<List<DoctorFinding>> QuotaFindingsAsync(KopanoDbContext db, Dictionary<string, Company> companies, CancellationToken ct)
    {
        // Streamed in object order: only the objects at fault are kept.
        var bad = new List<(long Id, string Level, string? Value)>();
        var order = new List<(long Id, string Detail)>();
        long current = -1;
        var levels = new Dictionary<string, string?>();
        void Close()
        {
            if (current < 0)
                return;
            foreach (var (warn, soft, hard) in new[] { (PropertyNames.WarnQuota, PropertyNames.SoftQuota, PropertyNames.HardQuota), (PropertyNames.UserWarnQuota, PropertyNames.UserSoftQuota, PropertyNames.UserHardQuota) })
            {
                long Level(string name) => levels.TryGetValue(name, out var v) && DoctorFindings.IsQuotaValue(v) ? long.Parse(v!, CultureInfo.InvariantCulture) : 0;
                if (DoctorFindings.OutOfOrder(Level(warn), Level(soft), Level(hard), b => QuotaSize.Describe(Quota.ToMb(b))) is { } detail)
                    order.Add((current, warn == PropertyNames.WarnQuota ? detail : Text.T("default user quota: {0}", detail)));
            }
            levels.Clear();
        }
        await foreach (var p in db.Properties.Where(p => QuotaProperties.Contains(p.PropName)).OrderBy(p => p.ObjectId)
            .Select(p => new { p.ObjectId, p.PropName, p.Value }).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (p.ObjectId != current)
            {
                Close();
                current = p.ObjectId;
            }
            levels[p.PropName] = p.Value;
            if (!DoctorFindings.IsQuotaValue(p.Value))
                bad.Add((p.ObjectId, QuotaLevelText(p.PropName), p.Value));
        }
        Close();
        var described = await DescribeAsync(db, bad.Select(b => b.Id).Concat(order.Select(o => o.Id)), companies, ct);
        var findings = new List<DoctorFinding>();
        foreach (var (id, level, value) in bad)
        {
            if (described.TryGetValue(id, out var o))
                findings.Add(DoctorFindings.UnreadableQuota(o.Kind, o.Name, o.Tenant, level, value));
        }
        foreach (var (id, detail) in order)
        {
            if (described.TryGetValue(id, out var o))
                findings.Add(DoctorFindings.QuotaOrder(o.Kind, o.Name, o.Tenant, detail));
        }
        return findings;
    }

    private static string QuotaLevelText(string propName) => propName switch
    {
        PropertyNames.WarnQuota => Text.N("quota warning level"),
        PropertyNames.SoftQuota => Text.N("soft quota"),
        PropertyNames.HardQuota => Text.N("hard quota"),
        PropertyNames.UserWarnQuota => Text.N("default user quota warning level"),
        PropertyNames.UserSoftQuota => Text.N("default user soft quota"),
        _ => Text.N("default user hard quota"),
    };

    private static async Task<List<DoctorFinding>> AdminLevelAndFeatureFindingsAsync(KopanoDbContext db, Dictionary<string, Company> companies, CancellationToken ct)
    {
        var levels = await db.Properties
            .Where(p => p.PropName == PropertyNames.IsAdmin && (p.Value == null || (p.Value != "0" && p.Value != "1" && p.Value != "2")))
            .OrderBy(p => p.ObjectId).Select(p => new { p.ObjectId, p.Value }).ToListAsync(ct);
        string[] lists = [EnabledFeaturesProperty, DisabledFeaturesProperty];
        var known = KopanoFeatures.All.ToArray();
        var features = await db.MvProperties
            .Where(p => lists.Contains(p.PropName) && (p.Value == null || !known.Contains(p.Value)))
            .OrderBy(p => p.ObjectId).ThenBy(p => p.PropName).ThenBy(p => p.OrderId).Select(p => new { p.ObjectId, p.PropName, p.Value }).ToListAsync(ct);
        // MySQL compares under its case-insensitive collation: what KC's lists hold is the exact lower-case name.
        features = features.Where(f => !known.Contains(f.Value, StringComparer.Ordinal)).ToList();
        var described = await DescribeAsync(db, levels.Select(l => l.ObjectId).Concat(features.Select(f => f.ObjectId)), companies, ct);
        var findings = new List<DoctorFinding>();
        foreach (var level in levels)
        {
            if (described.TryGetValue(level.ObjectId, out var o))
                findings.Add(DoctorFindings.UnknownAdminLevel(o.Name, o.Tenant, level.Value));
        }
        foreach (var feature in features)
        {
            if (described.TryGetValue(feature.ObjectId, out var o))
                findings.Add(DoctorFindings.UnknownFeature(o.Name, o.Tenant, feature.PropName == EnabledFeaturesProperty ? Text.N("enabled") : Text.N("disabled"), feature.Value));
        }
        return findings;
    }

    private async Task<List<DoctorFinding>> ModTimeFindingsAsync(KopanoDbContext db, Dictionary<string, Company> companies, CancellationToken ct)
    {
        var missing = await db.Objects
            .Where(o => db.Properties.Any(p => p.ObjectId == o.Id) && !db.Properties.Any(p => p.ObjectId == o.Id && p.PropName == PropertyNames.ModTime))
            .OrderBy(o => o.Id).Select(o => o.Id).ToListAsync(ct);
        var empty = await db.Objects.Where(o => !db.Properties.Any(p => p.ObjectId == o.Id)).OrderBy(o => o.Id)
            .Select(o => new { o.Id, o.ObjectClass }).ToListAsync(ct);
        var described = await DescribeAsync(db, missing, companies, ct);
        var findings = new List<DoctorFinding>();
        foreach (var id in missing)
        {
            if (!described.TryGetValue(id, out var o))
                continue;
            var repair = new DoctorRepair(Text.T("Add a modification time of now."),
                [$"INSERT INTO objectproperty (objectid, propname, value) VALUES ({id}, 'modtime', '{Text.T("<time of the repair>")}')"],
                string.Join('|', ModTimeToken, id));
            findings.Add(DoctorFindings.MissingModTime(o.Kind, o.Name, o.Tenant, repair));
        }
        foreach (var o in empty)
            findings.Add(DoctorFindings.ObjectWithoutProperties($"#{o.Id}", o.ObjectClass));
        return findings;
    }

    public Task<Result<IReadOnlyList<string>>> RepairAsync(DoctorRepair repair, AuditEntry audit, CancellationToken ct)
    {
        var token = repair.Token.Split('|');
        return WriteAsync<IReadOnlyList<string>>(audit, async db =>
        {
            var done = new List<string>();
            switch (token)
            {
                case [RelationToken, var child, var parent, var type]
                    when long.TryParse(child, out var childId) && long.TryParse(parent, out var parentId) && short.TryParse(type, out var relationType):
                    // Only while one side is still missing: a relation between two existing objects is nobody's left-over.
                    if (await db.Objects.CountAsync(o => o.Id == childId || o.Id == parentId, ct) == 2)
                        return done;
                    var removed = await db.Relations.Where(r => r.ObjectId == childId && r.ParentObjectId == parentId && r.RelationType == relationType).ExecuteDeleteAsync(ct);
                    if (removed == 0)
                        return done;
                    done.Add($"DELETE FROM objectrelation WHERE objectid = {childId} AND parentobjectid = {parentId} AND relationtype = {relationType}");
                    foreach (var kept in await db.Objects.Where(o => o.Id == childId || o.Id == parentId).Select(o => o.Id).ToListAsync(ct))
                        done.Add(await TouchForRepairAsync(db, kept, ct));
                    break;
                case [LeftoverRowsToken, var objectText] when long.TryParse(objectText, out var objectId):
                    if (await db.Objects.AnyAsync(o => o.Id == objectId, ct))
                        return done;
                    var properties = await db.Properties.Where(p => p.ObjectId == objectId).ExecuteDeleteAsync(ct);
                    var mv = await db.MvProperties.Where(p => p.ObjectId == objectId).ExecuteDeleteAsync(ct);
                    if (properties > 0)
                        done.Add($"DELETE FROM objectproperty WHERE objectid = {objectId} ({properties} row(s))");
                    if (mv > 0)
                        done.Add($"DELETE FROM objectmvproperty WHERE objectid = {objectId} ({mv} row(s))");
                    break;
                case [ContactToken, var companyText, .. var value] when long.TryParse(companyText, out var companyId):
                    var stored = string.Join('|', value);
                    var contact = await db.Properties.FirstOrDefaultAsync(p => p.ObjectId == companyId && p.PropName == PropertyNames.CompanyAdmin, ct);
                    if (contact is null || contact.Value != stored || await ContactExistsAsync(db, contact.Value, ct))
                        return done;
                    db.Properties.Remove(contact);
                    done.Add($"DELETE FROM objectproperty WHERE objectid = {companyId} AND propname = 'companyadmin' (was '{stored}')");
                    done.Add(await TouchForRepairAsync(db, companyId, ct));
                    break;
                case [ModTimeToken, var objectText] when long.TryParse(objectText, out var objectId):
                    if (!await db.Objects.AnyAsync(o => o.Id == objectId, ct)
                        || await db.Properties.AnyAsync(p => p.ObjectId == objectId && p.PropName == PropertyNames.ModTime, ct))
                        return done;
                    done.Add(await TouchForRepairAsync(db, objectId, ct));
                    break;
                default:
                    return new InvalidInput("Repair", Text.T("This repair is not one the database directory offers."));
            }
            await db.SaveChangesAsync(ct);
            return done;
        }, ct);
    }

    private async Task<string> TouchForRepairAsync(KopanoDbContext db, long objectId, CancellationToken ct)
    {
        var time = ModTime();
        var existing = await db.Properties.AnyAsync(p => p.ObjectId == objectId && p.PropName == PropertyNames.ModTime, ct);
        await SetPropertiesAsync(db, objectId, new Dictionary<string, string> { [PropertyNames.ModTime] = time }, ct);
        return existing
            ? $"UPDATE objectproperty SET value = '{time}' WHERE objectid = {objectId} AND propname = 'modtime'"
            : $"INSERT INTO objectproperty (objectid, propname, value) VALUES ({objectId}, 'modtime', '{time}')";
    }
}
