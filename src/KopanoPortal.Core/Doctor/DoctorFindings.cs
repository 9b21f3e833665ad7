using System.Globalization;

namespace KopanoPortal.Core.Doctor;

/// <summary>
/// The findings both backends report, each with the same words for what KC does with it, so that a problem reads the
/// same whichever directory holds it.
/// </summary>
public static class DoctorFindings
{
    public static IReadOnlyList<string> NoChoices { get; } = [];

    public static DoctorFinding OutsideEveryTenant(string kind, string name, string why) => new(
        DoctorRule.OutsideEveryTenant, kind, name, null, why,
        kind == "user" ? Text.T("KC lists no such user; it cannot sign in.") : Text.T("KC lists no such group; nobody gets its membership or its mail."),
        null,
        [Text.T("Move it into the tenant it belongs to (which one is your choice)."), Kind(kind, Text.N("Delete the user."), Text.N("Delete the group."), Text.N("Delete the tenant."), "Delete the {0}.")]);

    public static DoctorFinding RewrittenName(string kind, string name, string? tenant, string? kcLogin) => new(
        DoctorRule.RewrittenName, kind, name, tenant,
        Text.T("The name holds %u or %c, which KC's name formats replace."),
        kcLogin is null
            ? Text.T("KC puts the user's or tenant's name in place of %u and %c wherever it formats names (logins, store names).")
            : Text.T("KC shows it and expects its sign-in as '{0}'.", kcLogin),
        null,
        [Kind(kind, Text.N("Rename the user without %u and %c."), Text.N("Rename the group without %u and %c."), Text.N("Rename the tenant without %u and %c."), "Rename the {0} without %u and %c.")]);

    public static DoctorFinding DuplicateName(string kind, IReadOnlyList<string> names, string? tenant) => new(
        DoctorRule.DuplicateName, kind, string.Join(", ", names.Select(n => $"'{n}'")), tenant,
        tenant is null && kind == "tenant"
            ? Text.T("These tenants have one name by KC's rule (letters compared without case).")
            : Kind(kind, Text.N("These users have one name by KC's rule (letters compared without case) in the same tenant."),
                Text.N("These groups have one name by KC's rule (letters compared without case) in the same tenant."),
                Text.N("These tenants have one name by KC's rule (letters compared without case) in the same tenant."),
                "These {0}s have one name by KC's rule (letters compared without case) in the same tenant."),
        Text.T("KC cannot tell them apart by name: a sign-in or look-up by this name may reach either of them, or fail."),
        null,
        names.Select(n => Text.T("Rename '{0}'.", n)).Append(Text.T("Delete the one that is not needed.")).ToList());

    /// <summary>A left-over reference; <paramref name="problem"/> comes from the adapter, already in the UI language.</summary>
    public static DoctorFinding DanglingReference(string kind, string name, string? tenant, string problem, DoctorRepair repair) => new(
        DoctorRule.DanglingReference, kind, name, tenant, problem,
        Text.T("KC skips the entry; it is left over from an object that was deleted."),
        repair, NoChoices);

    public static DoctorFinding DanglingSystemAdminContact(string name, string value, DoctorRepair repair) => new(
        DoctorRule.DanglingReference, "tenant", name, name,
        Text.T("Its system administrator contact ({0}) names an object that no longer exists.", value),
        Text.T("KC shows SYSTEM as the tenant's contact instead."),
        repair, NoChoices);

    public static DoctorFinding UnreadableQuota(string kind, string name, string? tenant, string level, string? value) => new(
        DoctorRule.UnreadableQuota, kind, name, tenant,
        Text.T("Its {0} is '{1}', which is not a size in bytes.", Text.T(level), value),
        KcInteger(value) == 0
            ? Text.T("KC reads it as {0} bytes, which means no limit.", KcInteger(value).ToString(CultureInfo.InvariantCulture))
            : Text.T("KC reads it as {0} bytes.", KcInteger(value).ToString(CultureInfo.InvariantCulture)),
        null,
        [Text.T("Set the quota again on its page.")]);

    public static DoctorFinding QuotaOrder(string kind, string name, string? tenant, string detail) => new(
        DoctorRule.QuotaOrder, kind, name, tenant,
        Text.T("Its quota levels are out of order: {0}.", detail),
        Text.T("KC applies each level as stored, so a later level is reached before an earlier one and its warning never comes first."),
        null,
        [Text.T("Set the quota again on its page.")]);

    public static DoctorFinding UnknownAdminLevel(string name, string? tenant, string? value)
    {
        var level = Math.Min(2, KcInteger(value));
        return new(DoctorRule.UnknownAdminLevel, "user", name, tenant,
            Text.T("Its administrator level is '{0}'; only 0, 1 and 2 exist.", value),
            level switch
            {
                2 => Text.T("KC reads it as system administrator."),
                1 => Text.T("KC reads it as tenant administrator."),
                0 => Text.T("KC reads it as no administrator."),
                _ => Text.T("KC reads it as a level it does not know; the user gets no administrator rights."),
            },
            null,
            [Text.T("Set the administrator level on the user's page.")]);
    }

    public static DoctorFinding UnknownFeature(string name, string? tenant, string list, string? feature) => new(
        DoctorRule.UnknownFeature, "user", name, tenant,
        Text.T("Its {0} features hold '{1}', which is none of {2}.", Text.T(list), feature, string.Join(", ", Kopano.KopanoFeatures.All)),
        Text.T("KC ignores it."),
        null,
        [Text.T("Set the features again on the user's page.")]);

    public static DoctorFinding MissingModTime(string kind, string name, string? tenant, DoctorRepair repair) => new(
        DoctorRule.MissingModTime, kind, name, tenant,
        Text.T("It has no modification time (modtime)."),
        Text.T("KC uses the modification time to notice changes: it keeps showing what it read first until its cache is cleared or it restarts."),
        repair, NoChoices);

    public static DoctorFinding ObjectWithoutProperties(string name, long objectClass) => new(
        DoctorRule.ObjectWithoutProperties, "object", name, null,
        Text.T("This object (class {0}) has no properties at all: no name, no tenant.", objectClass.ToString(CultureInfo.InvariantCulture)),
        Text.T("KC refuses to take it over: it has no name."),
        null,
        [Text.T("Delete the object row."), Text.T("Write its properties by hand.")]);

    /// <summary>The sentence for <paramref name="kind"/> (German needs each noun's own article); other kinds fill in the English pattern.</summary>
    private static string Kind(string kind, string user, string group, string tenant, string other) => kind switch
    {
        "user" => Text.T(user),
        "group" => Text.T(group),
        "tenant" => Text.T(tenant),
        _ => string.Format(CultureInfo.InvariantCulture, other, kind),
    };

    /// <summary>C's atoll, as KC reads numbers: leading blanks, a sign, then digits up to the first other character.</summary>
    public static long KcInteger(string? value)
    {
        if (value is null)
            return 0;
        var i = 0;
        while (i < value.Length && char.IsWhiteSpace(value[i]))
            i++;
        var negative = false;
        if (i < value.Length && value[i] is '+' or '-')
            negative = value[i++] == '-';
        long result = 0;
        for (; i < value.Length && char.IsAsciiDigit(value[i]); i++)
        {
            if (result > (long.MaxValue - (value[i] - '0')) / 10)
                return negative ? long.MinValue : long.MaxValue;
            result = result * 10 + (value[i] - '0');
        }
        return negative ? -result : result;
    }

    /// <summary>Whether a stored quota is what KC writes: a non-negative decimal number of bytes.</summary>
    public static bool IsQuotaValue(string? value) =>
        value is { Length: > 0 and <= 19 } && value.All(char.IsAsciiDigit) && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _);

    /// <summary>
    /// What is out of order among warning, soft and hard level (0 = no limit, so not compared), or null. Values are
    /// bytes or MB alike; <paramref name="describe"/> renders one for the message.
    /// </summary>
    public static string? OutOfOrder(long warn, long soft, long hard, Func<long, string> describe)
    {
        var levels = new (string Name, long Value)[] { (Text.T("warning"), warn), (Text.T("soft limit"), soft), (Text.T("hard limit"), hard) }
            .Where(l => l.Value > 0).ToList();
        for (var i = 0; i + 1 < levels.Count; i++)
        {
            if (levels[i].Value > levels[i + 1].Value)
                return Text.T("the {0} ({1}) is above the {2} ({3})", levels[i].Name, describe(levels[i].Value), levels[i + 1].Name, describe(levels[i + 1].Value));
        }
        return null;
    }
}

/// <summary>The multi-server findings, in the same words for every backend.</summary>
public static class ServerFindings
{
    public static DoctorFinding NoHomeServer(string name, string? tenant, IReadOnlyList<string> servers, DoctorRepair? repair) => new(
        DoctorRule.NoHomeServer, "user", name, tenant,
        Text.T("The user has no home server."),
        Text.T("KC cannot find the user's mailbox on any server: the user cannot open it."),
        repair,
        repair is null ? servers.Select(s => Text.T("Make {0} the user's home server on the user's page.", s)).DefaultIfEmpty(Text.T("Add a server node first.")).ToList() : []);

    public static DoctorFinding UnknownServer(string kind, string name, string? tenant, string server, string what) => new(
        DoctorRule.UnknownServer, kind, name, tenant,
        Text.T("Its {0} '{1}' names no server node.", Text.T(what), server),
        Text.T("KC cannot find that server, so it cannot open the store there."),
        null,
        [Text.T("Choose an existing server as its {0}.", Text.T(what)), Text.T("Add a node named '{0}'.", server)]);

    public static DoctorFinding IncompleteServer(string name, bool noAddress, bool noHttpPort) => new(
        DoctorRule.IncompleteServer, "server", name, null,
        noAddress && noHttpPort ? Text.T("The node entry has no address and no HTTP port.")
            : noAddress ? Text.T("The node entry has no address.") : Text.T("The node entry has no HTTP port."),
        Text.T("KC refuses the node: it cannot form the node's address, so nobody is redirected there."),
        null,
        [Text.T("Fill in the address and HTTP port on the server's page.")]);

    public static DoctorFinding SeveralPublicStores(IReadOnlyList<string> names) => new(
        DoctorRule.SeveralPublicStores, "server", string.Join(", ", names), null,
        Text.T("More than one node says it holds the public store."),
        Text.T("Without tenants KC needs exactly one such node: it finds several and cannot open the public store."),
        null,
        names.Select(n => Text.T("Keep the public store on {0} only.", n)).ToList());
}
