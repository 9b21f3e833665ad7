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
        kind == "user" ? "KC lists no such user; it cannot sign in." : "KC lists no such group; nobody gets its membership or its mail.",
        null,
        ["Move it into the tenant it belongs to (which one is your choice).", $"Delete the {kind}."]);

    public static DoctorFinding RewrittenName(string kind, string name, string? tenant, string? kcLogin) => new(
        DoctorRule.RewrittenName, kind, name, tenant,
        "The name holds %u or %c, which KC's name formats replace.",
        kcLogin is null
            ? "KC puts the user's or tenant's name in place of %u and %c wherever it formats names (logins, store names)."
            : $"KC shows it and expects its sign-in as '{kcLogin}'.",
        null,
        [$"Rename the {kind} without %u and %c."]);

    public static DoctorFinding DuplicateName(string kind, IReadOnlyList<string> names, string? tenant) => new(
        DoctorRule.DuplicateName, kind, string.Join(", ", names.Select(n => $"'{n}'")), tenant,
        tenant is null && kind == "tenant"
            ? "These tenants have one name by KC's rule (letters compared without case)."
            : $"These {kind}s have one name by KC's rule (letters compared without case) in the same tenant.",
        "KC cannot tell them apart by name: a sign-in or look-up by this name may reach either of them, or fail.",
        null,
        names.Select(n => $"Rename '{n}'.").Append("Delete the one that is not needed.").ToList());

    public static DoctorFinding DanglingReference(string kind, string name, string? tenant, string what, DoctorRepair repair) => new(
        DoctorRule.DanglingReference, kind, name, tenant, what,
        "KC skips the entry; it is left over from an object that was deleted.",
        repair, NoChoices);

    public static DoctorFinding DanglingSystemAdminContact(string name, string value, DoctorRepair repair) => new(
        DoctorRule.DanglingReference, "tenant", name, name,
        $"Its system administrator contact ({value}) names an object that no longer exists.",
        "KC shows SYSTEM as the tenant's contact instead.",
        repair, NoChoices);

    public static DoctorFinding UnreadableQuota(string kind, string name, string? tenant, string level, string? value) => new(
        DoctorRule.UnreadableQuota, kind, name, tenant,
        $"Its {level} is '{value}', which is not a size in bytes.",
        $"KC reads it as {KcInteger(value).ToString(CultureInfo.InvariantCulture)} bytes{(KcInteger(value) == 0 ? ", which means no limit" : "")}.",
        null,
        ["Set the quota again on its page."]);

    public static DoctorFinding QuotaOrder(string kind, string name, string? tenant, string detail) => new(
        DoctorRule.QuotaOrder, kind, name, tenant,
        $"Its quota levels are out of order: {detail}.",
        "KC applies each level as stored, so a later level is reached before an earlier one and its warning never comes first.",
        null,
        ["Set the quota again on its page."]);

    public static DoctorFinding UnknownAdminLevel(string name, string? tenant, string? value)
    {
        var level = Math.Min(2, KcInteger(value));
        return new(DoctorRule.UnknownAdminLevel, "user", name, tenant,
            $"Its administrator level is '{value}'; only 0, 1 and 2 exist.",
            level switch
            {
                2 => "KC reads it as system administrator.",
                1 => "KC reads it as tenant administrator.",
                0 => "KC reads it as no administrator.",
                _ => "KC reads it as a level it does not know; the user gets no administrator rights.",
            },
            null,
            ["Set the administrator level on the user's page."]);
    }

    public static DoctorFinding UnknownFeature(string name, string? tenant, string list, string? feature) => new(
        DoctorRule.UnknownFeature, "user", name, tenant,
        $"Its {list} features hold '{feature}', which is none of {string.Join(", ", Kopano.KopanoFeatures.All)}.",
        "KC ignores it.",
        null,
        ["Set the features again on the user's page."]);

    public static DoctorFinding MissingModTime(string kind, string name, string? tenant, DoctorRepair repair) => new(
        DoctorRule.MissingModTime, kind, name, tenant,
        "It has no modification time (modtime).",
        "KC uses the modification time to notice changes: it keeps showing what it read first until its cache is cleared or it restarts.",
        repair, NoChoices);

    public static DoctorFinding ObjectWithoutProperties(string name, long objectClass) => new(
        DoctorRule.ObjectWithoutProperties, "object", name, null,
        $"This object (class {objectClass.ToString(CultureInfo.InvariantCulture)}) has no properties at all: no name, no tenant.",
        "KC refuses to take it over: it has no name.",
        null,
        ["Delete the object row.", "Write its properties by hand."]);

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
        var levels = new (string Name, long Value)[] { ("warning", warn), ("soft limit", soft), ("hard limit", hard) }
            .Where(l => l.Value > 0).ToList();
        for (var i = 0; i + 1 < levels.Count; i++)
        {
            if (levels[i].Value > levels[i + 1].Value)
                return $"the {levels[i].Name} ({describe(levels[i].Value)}) is above the {levels[i + 1].Name} ({describe(levels[i + 1].Value)})";
        }
        return null;
    }
}

/// <summary>The multi-server findings, in the same words for every backend.</summary>
public static class ServerFindings
{
    public static DoctorFinding NoHomeServer(string name, string? tenant, IReadOnlyList<string> servers, DoctorRepair? repair) => new(
        DoctorRule.NoHomeServer, "user", name, tenant,
        "The user has no home server.",
        "KC cannot find the user's mailbox on any server: the user cannot open it.",
        repair,
        repair is null ? servers.Select(s => $"Make {s} the user's home server on the user's page.").DefaultIfEmpty("Add a server node first.").ToList() : []);

    public static DoctorFinding UnknownServer(string kind, string name, string? tenant, string server, string what) => new(
        DoctorRule.UnknownServer, kind, name, tenant,
        $"Its {what} '{server}' names no server node.",
        "KC cannot find that server, so it cannot open the store there.",
        null,
        [$"Choose an existing server as its {what}.", $"Add a node named '{server}'."]);

    public static DoctorFinding IncompleteServer(string name, bool noAddress, bool noHttpPort) => new(
        DoctorRule.IncompleteServer, "server", name, null,
        $"The node entry has no {(noAddress && noHttpPort ? "address and no HTTP port" : noAddress ? "address" : "HTTP port")}.",
        "KC refuses the node: it cannot form the node's address, so nobody is redirected there.",
        null,
        ["Fill in the address and HTTP port on the server's page."]);

    public static DoctorFinding SeveralPublicStores(IReadOnlyList<string> names) => new(
        DoctorRule.SeveralPublicStores, "server", string.Join(", ", names), null,
        "More than one node says it holds the public store.",
        "Without tenants KC needs exactly one such node: it finds several and cannot open the public store.",
        null,
        names.Select(n => $"Keep the public store on {n} only.").ToList());
}
