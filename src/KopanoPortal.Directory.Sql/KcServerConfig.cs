using System.Globalization;
using KopanoPortal.Core.Configuration;

namespace KopanoPortal.Directory.Sql;

/// <summary>
/// The database settings of a KC installation's own server.cfg (<c>mysql_host</c>, <c>mysql_port</c>, <c>mysql_user</c>,
/// <c>mysql_password</c>, <c>mysql_database</c>, <c>mysql_socket</c>), with kopano-server's compiled defaults for the
/// keys the file leaves out (provider/server/ECServer.cpp): localhost, 3306, root, kopano.
/// </summary>
public sealed record KcServerConfig(string Host, int Port, string User, string Password, string Database, string Socket)
{
    /// <summary>
    /// Reads the file with KC's own parser (<see cref="KcConfigFile"/>: comments, <c>!include</c>, the last line wins),
    /// the same one the portal's KC configuration source uses.
    /// </summary>
    public static KcServerConfig Read(string path)
    {
        KcConfigFileContent file;
        try
        {
            file = KcConfigFile.Read(path);
        }
        catch (KcConfigFileException e)
        {
            throw new FormatException(e.Message, e);
        }
        string Get(string key) => file[key] ?? KcDefaults.Database.First(d => d.Key == key).Default;
        var port = Get("mysql_port");
        return new KcServerConfig(
            Get("mysql_host"),
            int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is > 0 and < 65536
                ? number
                : throw new FormatException($"mysql_port in {path} is not a port number: '{port}'."),
            Get("mysql_user"),
            Get("mysql_password"),
            Get("mysql_database"),
            Get("mysql_socket"));
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
