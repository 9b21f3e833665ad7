using System.Security.Cryptography;
using System.Text;

namespace KopanoPortal.EndToEndTests.Infrastructure;

/// <summary>KC's numbers, written out here rather than taken from the portal: the tests check the portal against them (docs/kopano.md, "Object classes and relations").</summary>
public static class Kc
{
    public const long ActiveUser = 65537;
    /// <summary>A non-active user (a shared store), KC's NONACTIVE_USER.</summary>
    public const long NonActiveUser = 65538;
    public const long SecurityGroup = 196610;
    public const long Company = 262145;
    public const long GroupMember = 1;
    public const long CompanyView = 2;
    public const long CompanyAdmin = 3;
    public const long QuotaUserRecipient = 4;
    public const long QuotaCompanyRecipient = 5;
    public const long UserSendAs = 6;
    public const string EnabledFeatures = "0x67B3101E";
    public const string DisabledFeatures = "0x67B4101E";
}

/// <summary>One <c>object</c> row.</summary>
public sealed record KcObject(long Id, byte[] ExternId, long ObjectClass)
{
    /// <summary>MySQL's HEX(): upper-case, as <c>companyid</c> stores it.</summary>
    public string ExternIdHex => Convert.ToHexString(ExternId);
}

/// <summary>
/// Plain ADO.NET over the test database, PostgreSQL or MariaDB: the rows kopano-server's DB plugin would read, checked
/// without the portal's EF model (object, objectproperty, objectmvproperty, objectrelation). <see cref="SqlStoreProbe"/>
/// uses it. The SQL here and in its callers needs no quoting and no engine's own functions, and numbers are read with
/// Convert.ToInt64: MariaDB hands KC's <c>int unsigned</c> and <c>tinyint unsigned</c> columns back as UInt32 and Byte.
/// </summary>
public sealed class KopanoRows(PortalDatabase database)
{
    public static readonly string[] Tables = ["object", "objectproperty", "objectmvproperty", "objectrelation"];

    public Task<List<KcObject>> ObjectsAsync(long objectClass) =>
        ReadObjectsAsync("SELECT id, externid, objectclass FROM object WHERE objectclass = @class ORDER BY id", ("class", objectClass));

    /// <summary>Every <c>object</c> row, of any class.</summary>
    public Task<List<KcObject>> AllObjectsAsync() => ReadObjectsAsync("SELECT id, externid, objectclass FROM object ORDER BY id");

    private async Task<List<KcObject>> ReadObjectsAsync(string sql, params (string Name, object Value)[] parameters)
    {
        var objects = new List<KcObject>();
        await using var connection = await database.OpenAsync();
        await using var command = PortalDatabase.Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            // KC's externid is a nullable blob; an object without one reads as empty, which the shape checks then refuse.
            var externId = await reader.IsDBNullAsync(1) ? [] : (byte[])reader.GetValue(1);
            objects.Add(new KcObject(Convert.ToInt64(reader.GetValue(0)), externId, Convert.ToInt64(reader.GetValue(2))));
        }
        return objects;
    }

    /// <summary>The objects of <paramref name="objectClass"/> whose property <paramref name="propName"/> is exactly <paramref name="value"/>.</summary>
    public async Task<List<KcObject>> ObjectsWithAsync(long objectClass, string propName, string value)
    {
        var matches = new List<KcObject>();
        foreach (var candidate in await ObjectsAsync(objectClass))
        {
            if ((await PropertiesAsync(candidate.Id)).GetValueOrDefault(propName) == value)
                matches.Add(candidate);
        }
        return matches;
    }

    /// <summary>The one object of the class with that property value; fails the test when there is none or more.</summary>
    public async Task<KcObject> SingleWithAsync(long objectClass, string propName, string value)
    {
        var matches = await ObjectsWithAsync(objectClass, propName, value);
        Assert.True(matches.Count == 1, $"Expected exactly one object of class {objectClass} with {propName}='{value}', found {matches.Count}.");
        return matches[0];
    }

    public async Task<Dictionary<string, string?>> PropertiesAsync(long objectId)
    {
        var properties = new Dictionary<string, string?>(StringComparer.Ordinal);
        await using var connection = await database.OpenAsync();
        await using var command = PortalDatabase.Command(connection, "SELECT propname, value FROM objectproperty WHERE objectid = @id", ("id", objectId));
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            properties[reader.GetString(0)] = await reader.IsDBNullAsync(1) ? null : reader.GetString(1);
        return properties;
    }

    public async Task<bool> RelationExistsAsync(long objectId, long parentObjectId, long relationType) =>
        await ScalarAsync(
            "SELECT count(*) FROM objectrelation WHERE objectid = @child AND parentobjectid = @parent AND relationtype = @type",
            ("child", objectId), ("parent", parentObjectId), ("type", relationType)) == 1;

    /// <summary>The rows <paramref name="sql"/> selects, one line each: "<paramref name="what"/>: column=value, ...", binary values in hex.</summary>
    public Task<List<string>> DescribeRowsAsync(string sql, string what, params (string Name, object Value)[] parameters) =>
        DescribeRowsAsync(sql, what, _ => true, parameters);

    /// <summary>As above, for the rows <paramref name="keep"/> accepts (the row by column name).</summary>
    public async Task<List<string>> DescribeRowsAsync(
        string sql, string what, Func<IReadOnlyDictionary<string, object>, bool> keep, params (string Name, object Value)[] parameters)
    {
        var lines = new List<string>();
        await using var connection = await database.OpenAsync();
        await using var command = PortalDatabase.Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var columns = Enumerable.Range(0, reader.FieldCount).Select(i => KeyValuePair.Create(reader.GetName(i), reader.GetValue(i))).ToList();
            if (!keep(new Dictionary<string, object>(columns, StringComparer.Ordinal)))
                continue;
            var described = columns.Select(column => $"{column.Key}={column.Value switch
            {
                DBNull => "NULL",
                byte[] bytes => Convert.ToHexString(bytes),
                var value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
            }}");
            lines.Add($"{what}: {string.Join(", ", described)}");
        }
        return lines;
    }

    /// <summary>The first column of every row <paramref name="sql"/> selects, as text.</summary>
    public async Task<List<string>> StringsAsync(string sql, params (string Name, object Value)[] parameters)
    {
        var values = new List<string>();
        await using var connection = await database.OpenAsync();
        await using var command = PortalDatabase.Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) ?? "");
        return values;
    }

    public Task<long> ScalarAsync(string sql, params (string Name, object Value)[] parameters) => database.ScalarAsync(sql, parameters);

    /// <summary>
    /// <c>(@p0, @p1, ...)</c> for <c>IN</c>, with its parameters: neither <c>= ANY(@array)</c> (PostgreSQL only) nor an
    /// empty <c>IN ()</c> (an error on both); no values give <c>(NULL)</c>, which matches nothing.
    /// </summary>
    public static (string Sql, (string Name, object Value)[] Parameters) InList(string prefix, IEnumerable<object> values)
    {
        var parameters = values.Select((value, i) => (Name: $"{prefix}{i}", Value: value)).ToArray();
        return (parameters.Length == 0 ? "(NULL)" : $"({string.Join(", ", parameters.Select(p => "@" + p.Name))})", parameters);
    }

    /// <summary>
    /// KC's DB-plugin check (docs/kopano.md, "Externid and password hash"): salt = the first 8 characters, then the stored value must be
    /// salt + lower-case md5hex(salt + password), byte for byte.
    /// </summary>
    public static void AssertKopanoPassword(string? stored, string password)
    {
        Assert.NotNull(stored);
        Assert.Matches("^[0-7][0-9a-f]{7}[0-9a-f]{32}$", stored);
        var salt = stored[..8];
        var expected = salt + Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(salt + password)));
        Assert.Equal(expected, stored);
    }
}
