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
        ("tenant.create", "Tenant created"),
        ("tenant.rename", "Tenant renamed"),
        ("tenant.delete", "Tenant deleted"),
        ("tenant.quota", "Tenant quotas changed"),
        ("tenant.viewlist.add", "View-list entry added"),
        ("tenant.viewlist.remove", "View-list entry removed"),
        ("tenant.adminlist.add", "Remote admin added"),
        ("tenant.adminlist.remove", "Remote admin removed"),
        ("tenant.userquota-recipient.add", "User quota recipient added"),
        ("tenant.userquota-recipient.remove", "User quota recipient removed"),
        ("tenant.companyquota-recipient.add", "Tenant quota recipient added"),
        ("tenant.companyquota-recipient.remove", "Tenant quota recipient removed"),
        ("tenant.sysadmin-contact", "System administrator contact changed"),
        ("tenant.public-store-server", "Public store server changed"),
        ("tenant.default-home-server", "Default home server changed"),
        ("user.create", "User created"),
        ("user.update", "User changed"),
        ("user.delete", "User deleted"),
        ("user.password-reset", "Password reset"),
        ("user.password-change", "Own password changed"),
        ("user.quota", "User quota changed"),
        ("user.features", "Features changed"),
        ("user.home-server", "Home server changed"),
        ("user.archive-servers", "Archive servers changed"),
        ("users.export", "Users exported"),
        ("groups.export", "Groups exported"),
        ("group.create", "Group created"),
        ("group.rename", "Group renamed"),
        ("group.update", "Group changed"),
        ("group.delete", "Group deleted"),
        ("group.member-add", "Member added"),
        ("group.member-remove", "Member removed"),
        ("group.membership-convert", "Member values converted"),
        ("sendas.add", "Send-as delegate added"),
        ("sendas.remove", "Send-as delegate removed"),
        ("server.create", "Server added"),
        ("server.update", "Server changed"),
        ("server.delete", "Server removed"),
        ("certificate.authority.create", "Certificate authority created"),
        ("certificate.authority.import", "Certificate authority imported"),
        ("certificate.server.issue", "Server certificate issued"),
        ("certificate.client.issue", "Client certificate issued"),
        ("certificate.client.retire", "Client certificate retired"),
        ("certificate.bundle.download", "Certificate files downloaded"),
        ("apitoken.create", "API token created"),
        ("apitoken.revoke", "API token revoked"),
        (FailedSignIn, "Sign-in failed"),
        (Lockout, "Sign-in locked"),
        (Denied, "Access denied"),
    ];

    private static readonly Dictionary<string, string> NameOf = Actions.ToDictionary(a => a.Action, a => a.Name, StringComparer.Ordinal);

    /// <summary>Every kind of action the portal records, with its name in words (for the action filter).</summary>
    public static IReadOnlyList<(string Action, string Name)> KnownActions => Actions;

    /// <summary>The action in words; an action the portal does not know is shown as recorded.</summary>
    public static string ActionName(string action) => NameOf.TryGetValue(action, out var name) ? name : action;

    public static string Describe(AuditRecord record) => Describe(record.Action, record.Before, record.After);

    /// <summary>What the change did, in one line; empty when the record holds no details worth saying.</summary>
    public static string Describe(string action, string? before, string? after)
    {
        var b = Parse(before);
        var a = Parse(after);
        string? Text(JsonElement? side, string name) => side is { } e ? Value(e, name) : null;
        var parts = action switch
        {
            "tenant.create" => [$"Tenant {Text(a, "Name")} created"],
            "tenant.rename" or "group.rename" => [$"Renamed from {Text(b, "Name")} to {Text(a, "Name")}"],
            "tenant.delete" => [$"Tenant {Text(b, "Name")} deleted with {Count(b, "Users")} and {Count(b, "Groups", "group")}"],
            "group.create" => [$"Group {Text(a, "Name")} created" + (Text(a, "Email") is { Length: > 0 } mail and not "none" ? $" with e-mail address {mail}" : "")],
            "group.delete" => [$"Group {Text(b, "Name")} deleted" + (Members(b) is { Length: > 0 } members ? $"; its members were {members}" : "")],
            "group.member-add" => [$"{Text(a, "Member")} added to the group"],
            "group.member-remove" => [$"{Text(b, "Member")} removed from the group"],
            "group.membership-convert" => [$"Member values {Text(b, "Values")} rewritten as {Text(a, "Values")}"],
            "tenant.viewlist.add" => [$"Tenant {Text(a, "Viewer")} may now see this tenant"],
            "tenant.viewlist.remove" => [$"Tenant {Text(b, "Member")} may no longer see this tenant"],
            "tenant.adminlist.add" => [$"{Text(a, "RemoteAdmin")} made remote admin"
                + (Text(a, "ViewerAdded") is { Length: > 0 } viewer and not "none" ? $"; their tenant {viewer} may now see this tenant" : "")],
            "tenant.adminlist.remove" => [$"{Text(b, "Member")} is no longer remote admin"],
            "tenant.userquota-recipient.add" => [$"{Text(a, "Recipient")} now receives the users' quota warnings"],
            "tenant.userquota-recipient.remove" => [$"{Text(b, "Member")} no longer receives the users' quota warnings"],
            "tenant.companyquota-recipient.add" => [$"{Text(a, "Recipient")} now receives the tenant's quota warnings"],
            "tenant.companyquota-recipient.remove" => [$"{Text(b, "Member")} no longer receives the tenant's quota warnings"],
            "tenant.sysadmin-contact" => [$"System administrator contact set to {Text(a, "Contact")} (was {Text(b, "Contact")})"],
            "tenant.public-store-server" => [$"Public store server set to {Text(a, "Server")} (was {Text(b, "Server")})"],
            "tenant.default-home-server" => [$"Default home server for new users set to {Text(a, "Server")} (was {Text(b, "Server")})"],
            "user.home-server" => [$"Home server set to {Text(a, "Server")} (was {Text(b, "Server")})"],
            "user.archive-servers" => [$"Archive servers set to {Text(a, "Servers")} (was {Text(b, "Servers")})"],
            "user.create" => [$"User {Text(a, "Name")} created", .. Facts(a, "FullName", "Email", "IsActive", "AdminLevel")],
            "user.delete" => [$"User {Text(b, "Name")} deleted", .. Facts(b, "FullName", "Email", "AdminLevel")],
            "user.password-reset" => ["Password set by an administrator"],
            "users.export" => [Text(a, "Tenants") is "all" ? "Users of all tenants exported as CSV" : $"Users of {Text(a, "Tenants")} exported as CSV"],
            "groups.export" => [Text(a, "Tenants") is "all" ? "Groups of all tenants exported as CSV" : $"Groups of {Text(a, "Tenants")} exported as CSV"],
            "user.password-change" => ["Password changed"],
            "sendas.add" => [$"{Text(a, "Delegate")} may now send as this object"],
            "sendas.remove" => [$"{Text(b, "Delegate")} may no longer send as this object"],
            "server.create" => [$"Server {Text(a, "Name")} added at {Text(a, "Address")}", .. Facts(a, "HttpPort", "SslPort", "FilePath", "ContainsPublic", "ProxyUrl")],
            "server.delete" => [$"Server {Text(b, "Name")} at {Text(b, "Address")} removed"],
            "certificate.authority.create" => [$"Certificate authority {Text(a, "Name")} created, valid until {Day(a, "NotAfter")}", KeyKept(a)],
            "certificate.authority.import" => [$"Certificate authority {Text(a, "Name")} imported, valid until {Day(a, "NotAfter")}",
                !Flag(a, "KeyGiven") ? "without its private key: signing asks for it"
                    : Flag(a, "KeyStored") ? "private key kept encrypted" : "private key checked, not kept: signing asks for it"],
            "certificate.server.issue" or "certificate.client.issue" =>
                [$"Certificate for {Text(a, "Name")} issued, valid until {Day(a, "NotAfter")}", KeyKept(a),
                 Flag(a, "AuthorityKeyGiven") ? "signed with the certificate authority's key given for this signing" : ""],
            "certificate.client.retire" => [$"Client certificate for {Text(b, "Name")} retired: its public key leaves the next downloads"],
            "certificate.bundle.download" => ["Files for the server downloaded",
                Text(a, "Clients") is { } clients and not "none" ? $"client certificates of {clients}" : "no client certificates",
                Text(a, "Keys") is { } keys and not "none" ? $"private keys of {keys}" + (Flag(a, "Passphrase") ? ", encrypted with a passphrase" : "") : "no private keys"],
            "tenant.quota" => [.. Differences(Child(b, "Tenant"), Child(a, "Tenant"), "Public store "), .. Differences(Child(b, "UserDefault"), Child(a, "UserDefault"), "Default user ")],
            "apitoken.create" => [$"API token {Text(a, "Name")} created for {Text(a, "Tenant")}"
                + (Text(a, "Role") is { Length: > 0 } role and not "none" ? $", role {role}" : "") + $", valid until {Text(a, "Expires")}"],
            "apitoken.revoke" => [$"API token {Text(b, "Name")} of {Text(b, "Owner")} revoked"],
            FailedSignIn => [$"Sign-in with this login failed from {Text(a, "Address")}"],
            Lockout => [$"Sign-ins to this account from {Text(a, "Address")} refused for {Text(a, "Minutes")} minutes after {Text(a, "Failures")} failures"],
            Denied => [$"Refused: {Text(a, "Attempted")}" + (Text(a, "Answer") == "not found" ? " (answered as if it did not exist)" : "")],
            _ => Differences(b, a, ""),
        };
        return string.Join("; ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));
    }

    private static bool Flag(JsonElement? side, string property) =>
        side is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.True;

    private static string KeyKept(JsonElement? side) =>
        Flag(side, "KeyStored") ? "private key kept encrypted" : "private key offered once for download, not kept";

    private static string Day(JsonElement? side, string property) =>
        side is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : "unknown";

    private static readonly string[] SecretWords = ["password", "hash", "salt", "secret", "token"];

    private static bool IsSecret(string property) => SecretWords.Any(w => property.Contains(w, StringComparison.OrdinalIgnoreCase));

    /// <summary>Label of each detail the portal records, in words (lower case, so it can follow a prefix).</summary>
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["Name"] = "name",
        ["FullName"] = "full name",
        ["Email"] = "e-mail address",
        ["IsActive"] = "account",
        ["AdminLevel"] = "administrator level",
        ["Override"] = "quota",
        ["WarnMb"] = "quota warning level",
        ["SoftMb"] = "quota soft limit",
        ["HardMb"] = "quota hard limit",
        ["Enabled"] = "features turned on",
        ["Disabled"] = "features turned off",
        ["Address"] = "address",
        ["HttpPort"] = "HTTP port",
        ["SslPort"] = "HTTPS port",
        ["FilePath"] = "local socket",
        ["ContainsPublic"] = "holds the public store",
        ["ProxyUrl"] = "proxy URL",
        ["Server"] = "server",
    };

    private static string Label(string property, string prefix)
    {
        var label = prefix + (Labels.TryGetValue(property, out var known) ? known : property);
        return char.ToUpper(label[0], CultureInfo.InvariantCulture) + label[1..];
    }

    /// <summary>"Full name Jane Doe", one per detail present.</summary>
    private static IEnumerable<string> Facts(JsonElement? side, params string[] properties) =>
        side is { } e
            ? properties.Where(p => e.TryGetProperty(p, out var v) && v.ValueKind is not JsonValueKind.Null).Select(p => $"{Label(p, "")} {Value(e, p)}")
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
                (null, _) => $"{label} set to {now}",
                (_, null) => $"{label} removed (was {was})",
                _ => $"{label} set to {now} (was {was})",
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
            return "(not shown)";
        if (side.ValueKind != JsonValueKind.Object || !side.TryGetProperty(property, out var value))
            return "none";
        return value.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => "none",
            JsonValueKind.True or JsonValueKind.False => Switch(property, value.GetBoolean()),
            JsonValueKind.Number when property.EndsWith("Mb", StringComparison.Ordinal) && value.TryGetInt64(out var mb) =>
                mb == 0 ? "unlimited" : QuotaSize.Format(mb),
            JsonValueKind.Number when property == "AdminLevel" && value.TryGetInt32(out var level) => Level((AdminLevel)level),
            JsonValueKind.String when property == "AdminLevel" && Enum.TryParse<AdminLevel>(value.GetString(), out var named) => Level(named),
            JsonValueKind.String => value.GetString() is { Length: > 0 } text ? text : "none",
            JsonValueKind.Array => value.GetArrayLength() == 0
                ? "none"
                : string.Join(", ", value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())),
            JsonValueKind.Object => string.Join(", ", value.EnumerateObject().Where(p => !IsSecret(p.Name)).Select(p => $"{Label(p.Name, "").ToLowerInvariant()} {Value(value, p.Name)}")),
            _ => value.GetRawText(),
        };
    }

    private static string Switch(string property, bool on) => property switch
    {
        "IsActive" => on ? "active" : "deactivated",
        "Override" => on ? "own levels" : "the defaults",
        _ => on ? "yes" : "no",
    };

    private static string Level(AdminLevel level) => level switch
    {
        AdminLevel.None => "none",
        AdminLevel.CompanyAdmin => "company admin",
        AdminLevel.SystemAdmin => "system admin",
        _ => level.ToString(),
    };

    private static string Count(JsonElement? side, string property, string noun = "user")
    {
        var count = side is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(property, out var v)
            ? v.ValueKind == JsonValueKind.Array ? v.GetArrayLength() : v.TryGetInt32(out var n) ? n : 0
            : 0;
        return count == 1 ? $"1 {noun}" : $"{count} {noun}s";
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
