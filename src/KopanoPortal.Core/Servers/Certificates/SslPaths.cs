namespace KopanoPortal.Core.Servers.Certificates;

/// <summary>Where the per-node download puts each file on the node, and what the generated configuration names.</summary>
public static class SslPaths
{
    public const string SslDirectory = "/etc/kopano/ssl";
    public const string SslKeysDirectory = "/etc/kopano/sslkeys";
    public const string CaFile = SslDirectory + "/cacert.pem";
    public const string ServerFile = SslDirectory + "/server.pem";
    public const string PassphrasePlaceholder = "<passphrase chosen at download, or empty>";

    public static string ClientFile(string program) => $"{SslDirectory}/client-{program}.pem";

    public static string ClientPublicFile(string program) => $"{SslKeysDirectory}/client-{program}-public.pem";
}
