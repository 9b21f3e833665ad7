using System.Globalization;

namespace KopanoPortal.Directory.Sql;

/// <summary>
/// The database settings of a KC installation's own server.cfg (<c>mysql_host</c>, <c>mysql_port</c>, <c>mysql_user</c>,
/// <c>mysql_password</c>, <c>mysql_database</c>, <c>mysql_socket</c>), with kopano-server's compiled defaults for the
/// keys the file leaves out (provider/server/ECServer.cpp): localhost, 3306, root, kopano.
/// </summary>
public sealed record KcServerConfig(string Host, int Port, string User, string Password, string Database, string Socket)
{
    /// <summary>Reads <c>key = value</c> lines; <c>#</c> starts a comment line, and other directives are not database settings.</summary>
    public static KcServerConfig Read(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or '!')
                continue;
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                continue;
            values[line[..equals].Trim()] = line[(equals + 1)..].Trim();
        }
        string Get(string key, string fallback) => values.TryGetValue(key, out var value) ? value : fallback;
        var port = Get("mysql_port", "3306");
        return new KcServerConfig(
            Get("mysql_host", "localhost"),
            int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is > 0 and < 65536
                ? number
                : throw new FormatException($"mysql_port in {path} is not a port number: '{port}'."),
            Get("mysql_user", "root"),
            Get("mysql_password", ""),
            Get("mysql_database", "kopano"),
            Get("mysql_socket", ""));
    }

    /// <summary>
    /// The connection string the file describes, with every key of <paramref name="overrides"/> (the portal's own
    /// Database:ConnectionString) laid over it: the portal's settings win.
    /// </summary>
    public string ConnectionString(string? overrides)
    {
        var builder = new MySql.Data.MySqlClient.MySqlConnectionStringBuilder
        {
            UserID = User,
            Password = Password,
            Database = Database,
        };
        if (Socket.Length > 0)
        {
            builder.ConnectionProtocol = MySql.Data.MySqlClient.MySqlConnectionProtocol.UnixSocket;
            builder.Server = Socket;
        }
        else
        {
            builder.Server = Host;
            builder.Port = (uint)Port;
        }
        if (!string.IsNullOrWhiteSpace(overrides))
        {
            // The plain builder holds only the keys the setting names, not the provider's defaults.
            var own = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = overrides };
            foreach (string key in own.Keys)
                builder[key] = own[key];
        }
        return builder.ConnectionString;
    }
}
