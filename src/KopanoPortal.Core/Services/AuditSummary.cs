using System.Globalization;
using System.Text.Json;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;

namespace KopanoPortal.Core.Services;

/// <summary>
/// The audit trail in plain words: the name of each kind of action and a one-line summary of what a record's stored
/// details (JSON before and after) say, e.g. "Quota warning level set to 1 GB (was unlimited)". A detail whose name
/// sounds secret (password, hash, salt, secret, token) is never put into words, whatever the action.
/// </summary>
public static class AuditSummary
{
    public const string FailedSignIn = "signin.failed";
    public const string Lockout = "signin.lockout";
    public const string Denied = "access.denied";

    private static readonly (string Action, string Name)[] Actions =
    [
        ("tenant.create", Text.N("Tenant created")),
        ("tenant.rename", Text.N("Tenant renamed")),
        ("tenant.delete", Text.N("Tenant deleted")),
        ("tenant.quota", Text.N("Tenant quotas changed")),
        ("tenant.viewlist.add", Text.N("View-list entry added")),
        ("tenant.viewlist.remove", Text.N("View-list entry removed")),
        ("tenant.adminlist.add", Text.N("Remote admin added")),
        ("tenant.adminlist.remove", Text.N("Remote admin removed")),
        ("tenant.userquota-recipient.add", Text.N("User quota recipient added")),
        ("tenant.userquota-recipient.remove", Text.N("User quota recipient removed")),
        ("tenant.companyquota-recipient.add", Text.N("Tenant quota recipient added")),
        ("tenant.companyquota-recipient.remove", Text.N("Tenant quota recipient removed")),
        ("tenant.sysadmin-contact", Text.N("System administrator contact changed")),
        ("tenant.public-store-server", Text.N("Public store server changed")),
        ("tenant.default-home-server", Text.N("Default home server changed")),
        ("user.create", Text.N("User created")),
        ("user.update", Text.N("User changed")),
        ("user.delete", Text.N("User deleted")),
        ("user.password-reset", Text.N("Password reset")),
        ("user.password-change", Text.N("Own password changed")),
        ("user.quota", Text.N("User quota changed")),
        ("user.features", Text.N("Features changed")),
        ("user.home-server", Text.N("Home server changed")),
        ("user.archive-servers", Text.N("Archive servers changed")),
        ("users.export", Text.N("Users exported")),
        ("groups.export", Text.N("Groups exported")),
        ("group.create", Text.N("Group created")),
        ("group.rename", Text.N("Group renamed")),
        ("group.update", Text.N("Group changed")),
        ("group.delete", Text.N("Group deleted")),
        ("group.member-add", Text.N("Member added")),
        ("group.member-remove", Text.N("Member removed")),
        ("group.membership-convert", Text.N("Member values converted")),
        ("sendas.add", Text.N("Send-as delegate added")),
        ("sendas.remove", Text.N("Send-as delegate removed")),
        ("server.create", Text.N("Server added")),
        ("server.update", Text.N("Server changed")),
        ("server.delete", Text.N("Server removed")),
        ("certificate.authority.create", Text.N("Certificate authority created")),
        ("certificate.authority.import", Text.N("Certificate authority imported")),
        ("certificate.server.issue", Text.N("Server certificate issued")),
        ("certificate.client.issue", Text.N("Client certificate issued")),
        ("certificate.client.retire", Text.N("Client certificate retired")),
        ("certificate.bundle.download", Text.N("Certificate files downloaded")),
        ("apitoken.create", Text.N("API token created")),
        ("apitoken.revoke", Text.N("API token revoked")),
        (FailedSignIn, Text.N("Sign-in failed")),
        (Lockout, Text.N("Sign-in locked")),
        (Denied, Text.N("Access denied")),
    ];

    private static readonly Dictionary<string, string> NameOf = Actions.ToDictionary(a => a.Action, a => a.Name, StringComparer.Ordinal);

    /// <summary>Every kind of action the portal records, with its name in words (for the action filter).</summary>
    public static IReadOnlyList<(string Action, string Name)> KnownActions => [.. Actions.Select(a => (a.Action, Text.T(a.Name)))];

    /// <summary>The action in words; an action the portal does not know is shown as recorded.</summary>
    public static string ActionName(string action) => NameOf.TryGetValue(action, out var name) ? Text.T(name) : action;

    public static string Describe(AuditRecord record) => Describe(record.Action, record.Before, record.After);

    /// <summary>What the change did, in one line; empty when the record holds no details worth saying.</summary>
    public static string Describe(string action, string? before, string? after)
    {
        var b = Parse(before);
        var a = Parse(after);
        var parts = action switch
        {
            "tenant.create" => [Text.T("Tenant {0} created", V(a, "Name"))],
            "tenant.rename" or "group.rename" => [Text.T("Renamed from {0} to {1}", V(b, "Name"), V(a, "Name"))],
            "tenant.delete" => [Text.T("Tenant {0} deleted with {1} and {2}", V(b, "Name"), Count(b, "Users", users: true), Count(b, "Groups", users: false))],
            "group.create" => [Given(V(a, "Email")) is { } mail
                ? Text.T("Group {0} created with e-mail address {1}", V(a, "Name"), mail)
                : Text.T("Group {0} created", V(a, "Name"))],
            "group.delete" => [Members(b) is { Length: > 0 } members
                ? Text.T("Group {0} deleted; its members were {1}", V(b, "Name"), members)
                : Text.T("Group {0} deleted", V(b, "Name"))],
            "group.member-add" => [Text.T("{0} added to the group", V(a, "Member"))],
            "group.member-remove" => [Text.T("{0} removed from the group", V(b, "Member"))],
            "group.membership-convert" => [Text.T("Member values {0} rewritten as {1}", V(b, "Values"), V(a, "Values"))],
            "tenant.viewlist.add" => [Text.T("Tenant {0} may now see this tenant", V(a, "Viewer"))],
            "tenant.viewlist.remove" => [Text.T("Tenant {0} may no longer see this tenant", V(b, "Member"))],
            "tenant.adminlist.add" => [Given(V(a, "ViewerAdded")) is { } viewer
                ? Text.T("{0} made remote admin; their tenant {1} may now see this tenant", V(a, "RemoteAdmin"), viewer)
                : Text.T("{0} made remote admin", V(a, "RemoteAdmin"))],
            "tenant.adminlist.remove" => [Text.T("{0} is no longer remote admin", V(b, "Member"))],
            "tenant.userquota-recipient.add" => [Text.T("{0} now receives the users' quota warnings", V(a, "Recipient"))],
            "tenant.userquota-recipient.remove" => [Text.T("{0} no longer receives the users' quota warnings", V(b, "Member"))],
            "tenant.companyquota-recipient.add" => [Text.T("{0} now receives the tenant's quota warnings", V(a, "Recipient"))],
            "tenant.companyquota-recipient.remove" => [Text.T("{0} no longer receives the tenant's quota warnings", V(b, "Member"))],
            "tenant.sysadmin-contact" => [Text.T("System administrator contact set to {0} (was {1})", V(a, "Contact"), V(b, "Contact"))],
            "tenant.public-store-server" => [Text.T("Public store server set to {0} (was {1})", V(a, "Server"), V(b, "Server"))],
            "tenant.default-home-server" => [Text.T("Default home server for new users set to {0} (was {1})", V(a, "Server"), V(b, "Server"))],
            "user.home-server" => [Text.T("Home server set to {0} (was {1})", V(a, "Server"), V(b, "Server"))],
            "user.archive-servers" => [Text.T("Archive servers set to {0} (was {1})", V(a, "Servers"), V(b, "Servers"))],
            "user.create" => [Text.T("User {0} created", V(a, "Name")), .. Facts(a, "FullName", "Email", "IsActive", "AdminLevel")],
            "user.delete" => [Text.T("User {0} deleted", V(b, "Name")), .. Facts(b, "FullName", "Email", "AdminLevel")],
            "user.password-reset" => [Text.T("Password set by an administrator")],
            "users.export" => [V(a, "Tenants") is "all" ? Text.T("Users of all tenants exported as CSV") : Text.T("Users of {0} exported as CSV", V(a, "Tenants"))],
            "groups.export" => [V(a, "Tenants") is "all" ? Text.T("Groups of all tenants exported as CSV") : Text.T("Groups of {0} exported as CSV", V(a, "Tenants"))],
            "user.password-change" => [Text.T("Password changed")],
            "sendas.add" => [Text.T("{0} may now send as this object", V(a, "Delegate"))],
            "sendas.remove" => [Text.T("{0} may no longer send as this object", V(b, "Delegate"))],
            "server.create" => [Text.T("Server {0} added at {1}", V(a, "Name"), V(a, "Address")), .. Facts(a, "HttpPort", "SslPort", "FilePath", "ContainsPublic", "ProxyUrl")],
            "server.delete" => [Text.T("Server {0} at {1} removed", V(b, "Name"), V(b, "Address"))],
            "certificate.authority.create" => [Text.T("Certificate authority {0} created, valid until {1}", V(a, "Name"), Day(a, "NotAfter")), KeyKept(a)],
            "certificate.authority.import" => [Text.T("Certificate authority {0} imported, valid until {1}", V(a, "Name"), Day(a, "NotAfter")),
                !Flag(a, "KeyGiven") ? Text.T("without its private key: signing asks for it")
                    : Flag(a, "KeyStored") ? Text.T("private key kept encrypted") : Text.T("private key checked, not kept: signing asks for it")],
            "certificate.server.issue" or "certificate.client.issue" =>
                [Text.T("Certificate for {0} issued, valid until {1}", V(a, "Name"), Day(a, "NotAfter")), KeyKept(a),
                 Flag(a, "AuthorityKeyGiven") ? Text.T("signed with the certificate authority's key given for this signing") : ""],
            "certificate.client.retire" => [Text.T("Client certificate for {0} retired: its public key leaves the next downloads", V(b, "Name"))],
            "certificate.bundle.download" => [Text.T("Files for the server downloaded"),
                Given(V(a, "Clients")) is { } clients ? Text.T("client certificates of {0}", clients) : Text.T("no client certificates"),
                Given(V(a, "Keys")) is { } keys
                    ? Flag(a, "Passphrase") ? Text.T("private keys of {0}, encrypted with a passphrase", keys) : Text.T("private keys of {0}", keys)
                    : Text.T("no private keys")],
            "tenant.quota" => [.. Differences(Child(b, "Tenant"), Child(a, "Tenant"), Text.N("Public store ")), .. Differences(Child(b, "UserDefault"), Child(a, "UserDefault"), Text.N("Default user "))],
            "apitoken.create" => [ApiTokenCreated(a)],
            "apitoken.revoke" => [Text.T("API token {0} of {1} revoked", V(b, "Name"), V(b, "Owner"))],
            FailedSignIn => [Text.T("Sign-in with this login failed from {0}", V(a, "Address"))],
            Lockout => [Text.T("Sign-ins to this account from {0} refused for {1} minutes after {2} failures", V(a, "Address"), V(a, "Minutes"), V(a, "Failures"))],
            Denied => [V(a, "Answer") == "not found"
                ? Text.T("Refused: {0} (answered as if it did not exist)", V(a, "Attempted"))
                : Text.T("Refused: {0}", V(a, "Attempted"))],
            _ => Differences(b, a, ""),
        };
        return string.Join("; ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));
    }

    private static string? V(JsonElement? side, string name) => side is { } e ? Value(e, name) : null;

    /// <summary>The detail in words, or null when it is absent or "none" in the current language.</summary>
    private static string? Given(string? value) => string.IsNullOrEmpty(value) || value == Text.T("none") ? null : value;

    private static string ApiTokenCreated(JsonElement? a)
    {
        var role = Given(V(a, "Role")) is { } r ? Text.T(r) : null;
        return role is null
            ? Text.T("API token {0} created for {1}, valid until {2}", V(a, "Name"), V(a, "Tenant"), V(a, "Expires"))
            : Text.T("API token {0} created for {1}, role {2}, valid until {3}", V(a, "Name"), V(a, "Tenant"), role, V(a, "Expires"));
    }

    private static bool Flag(JsonElement? side, string property) =>
        side is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.True;

    private static string KeyKept(JsonElement? side) =>
        Flag(side, "KeyStored") ? Text.T("private key kept encrypted") : Text.T("private key offered once for download, not kept");

    private static string Day(JsonElement? side, string property) =>
        side is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? Text.Day(at)
            : Text.T("unknown");

    private static readonly string[] SecretWords = ["password", "hash", "salt", "secret", "token"];

    private static bool IsSecret(string property) => SecretWords.Any(w => property.Contains(w, StringComparison.OrdinalIgnoreCase));

    /// <summary>Label of each detail the portal records, in words (lower case, so it can follow a prefix).</summary>
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["Name"] = Text.N("name"),
        ["FullName"] = Text.N("full name"),
        ["Email"] = Text.N("e-mail address"),
        ["IsActive"] = Text.N("account"),
        ["AdminLevel"] = Text.N("administrator level"),
        ["Override"] = Text.N("quota"),
        ["WarnMb"] = Text.N("quota warning level"),
        ["SoftMb"] = Text.N("quota soft limit"),
        ["HardMb"] = Text.N("quota hard limit"),
        ["Enabled"] = Text.N("features turned on"),
        ["Disabled"] = Text.N("features turned off"),
        ["Address"] = Text.N("address"),
        ["HttpPort"] = Text.N("HTTP port"),
        ["SslPort"] = Text.N("HTTPS port"),
        ["FilePath"] = Text.N("local socket"),
        ["ContainsPublic"] = Text.N("holds the public store"),
        ["ProxyUrl"] = Text.N("proxy URL"),
        ["Server"] = Text.N("server"),
    };

    private static string Label(string property, string prefix)
    {
        var label = Text.T(prefix) + (Labels.TryGetValue(property, out var known) ? Text.T(known) : property);
        return char.ToUpper(label[0], CultureInfo.InvariantCulture) + label[1..];
    }

    /// <summary>"Full name Jane Doe", one per detail present.</summary>
    private static IEnumerable<string> Facts(JsonElement? side, params string[] properties) =>
        side is { } e
            ? properties.Where(p => e.TryGetProperty(p, out var v) && v.ValueKind is not JsonValueKind.Null).Select(p => Label(p, "") + " " + Value(e, p))
            : [];

    /// <summary>"X set to Y (was Z)" for each detail that differs; details that sound secret are skipped.</summary>
    private static IEnumerable<string> Differences(JsonElement? before, JsonElement? after, string prefix)
    {
        var names = Properties(before).Concat(Properties(after)).Distinct(StringComparer.Ordinal).Where(n => !IsSecret(n));
        foreach (var name in names)
        {
            var was = before is { } b && b.TryGetProperty(name, out _) ? Value(b, name) : null;
            var now = after is { } a && a.TryGetProperty(name, out _) ? Value(a, name) : null;
            if (was == now)
                continue;
            var label = Label(name, prefix);
            yield return (was, now) switch
            {
                (null, _) => Text.T("{0} set to {1}", label, now),
                (_, null) => Text.T("{0} removed (was {1})", label, was),
                _ => Text.T("{0} set to {1} (was {2})", label, now, was),
            };
        }
    }

    private static IEnumerable<string> Properties(JsonElement? side) =>
        side is { ValueKind: JsonValueKind.Object } e ? e.EnumerateObject().Select(p => p.Name) : [];

    private static JsonElement? Child(JsonElement? side, string property) =>
        side is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(property, out var child) && child.ValueKind == JsonValueKind.Object ? child : null;

    /// <summary>A detail in words: sizes in MB/GB/TB, levels and switches by name, lists joined; a secret-sounding one never.</summary>
    private static string Value(JsonElement side, string property)
    {
        if (IsSecret(property))
            return Text.T("(not shown)");
        if (side.ValueKind != JsonValueKind.Object || !side.TryGetProperty(property, out var value))
            return Text.T("none");
        return value.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => Text.T("none"),
            JsonValueKind.True or JsonValueKind.False => Switch(property, value.GetBoolean()),
            JsonValueKind.Number when property.EndsWith("Mb", StringComparison.Ordinal) && value.TryGetInt64(out var mb) =>
                mb == 0 ? Text.T("unlimited") : QuotaSize.Format(mb),
            JsonValueKind.Number when property == "AdminLevel" && value.TryGetInt32(out var level) => Level((AdminLevel)level),
            JsonValueKind.String when property == "AdminLevel" && Enum.TryParse<AdminLevel>(value.GetString(), out var named) => Level(named),
            JsonValueKind.String => value.GetString() is { Length: > 0 } text ? text : Text.T("none"),
            JsonValueKind.Array => value.GetArrayLength() == 0
                ? Text.T("none")
                : string.Join(", ", value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())),
            JsonValueKind.Object => string.Join(", ", value.EnumerateObject().Where(p => !IsSecret(p.Name)).Select(p => Lower(Label(p.Name, "")) + " " + Value(value, p.Name))),
            _ => value.GetRawText(),
        };
    }

    private static string Switch(string property, bool on) => property switch
    {
        "IsActive" => on ? Text.T("active") : Text.T("deactivated"),
        "Override" => on ? Text.T("own levels") : Text.T("the defaults"),
        _ => on ? Text.T("yes") : Text.T("no"),
    };

    private static string Level(AdminLevel level) => level switch
    {
        AdminLevel.None => Text.T("none"),
        AdminLevel.CompanyAdmin => Text.T("company admin"),
        AdminLevel.SystemAdmin => Text.T("system admin"),
        _ => level.ToString(),
    };

    /// <summary>German nouns keep their capital; English labels follow a prefix in lower case.</summary>
    private static string Lower(string label) => Text.IsGerman ? label : label.ToLowerInvariant();

    private static string Count(JsonElement? side, string property, bool users)
    {
        var count = side is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(property, out var v)
            ? v.ValueKind == JsonValueKind.Array ? v.GetArrayLength() : v.TryGetInt32(out var n) ? n : 0
            : 0;
        return (count == 1, users) switch
        {
            (true, true) => Text.T("1 user"),
            (false, true) => Text.T("{0} users", count),
            (true, false) => Text.T("1 group"),
            (false, false) => Text.T("{0} groups", count),
        };
    }

    private static string? Members(JsonElement? side) =>
        side is { } e && e.TryGetProperty("Members", out var m) && m.ValueKind == JsonValueKind.Array && m.GetArrayLength() > 0 ? Value(e, "Members") : null;

    private static JsonElement? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return null;
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
