using System.IO.Compression;
using System.Text;

namespace KopanoPortal.Core.Servers.Certificates;

/// <summary>A client certificate with its key (null: the portal keeps none), ready for a node's bundle.</summary>
public sealed record ClientKeyPair(string Program, string CertificatePem, string? PrivateKeyPem);

/// <summary>
/// The zip for one node: the files laid out under etc/kopano/ssl and etc/kopano/sslkeys as KC admin manual 6.3.4 places them, and
/// install.sh with the owners and modes (kopano-server and kopano-dagent run as the kopano user and read them). A key
/// the portal does not keep is not in the archive: install.sh installs the file handed out once if it was put beside it,
/// and otherwise keeps the one on the node.
/// </summary>
public static class NodeBundle
{
    public const string InstallScript = "install.sh";

    public static byte[] Build(string node, string authorityPem, string serverPem, string? serverKeyPem,
        IReadOnlyList<ClientKeyPair> clients, string? passphrase)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var install = new StringBuilder();
            install.Append("#!/bin/sh\n");
            install.Append("# SSL files for Kopano server ").Append(node).Append(". Run as root in the folder this archive was unpacked in.\n");
            install.Append("set -e\n");
            install.Append("install -d -o root -g kopano -m 0750 ").Append(SslPaths.SslDirectory).Append('\n');
            install.Append("install -d -o root -g kopano -m 0750 ").Append(SslPaths.SslKeysDirectory).Append('\n');
            Add(zip, install, SslPaths.CaFile, authorityPem, "0644");
            if (serverKeyPem is null)
                KeptOnNode(install, SslPaths.ServerFile);
            else
                Add(zip, install, SslPaths.ServerFile, NodeCertificates.CertificateAndKey(serverPem, serverKeyPem, passphrase), "0640");
            foreach (var client in clients)
            {
                if (client.PrivateKeyPem is null)
                    KeptOnNode(install, SslPaths.ClientFile(client.Program));
                else
                    Add(zip, install, SslPaths.ClientFile(client.Program),
                        NodeCertificates.CertificateAndKey(client.CertificatePem, client.PrivateKeyPem, passphrase), "0640");
                Add(zip, install, SslPaths.ClientPublicFile(client.Program), NodeCertificates.PublicKey(client.CertificatePem), "0644");
            }
            // A retired client loses its public key here, so kopano-server no longer accepts its logins.
            foreach (var program in NodeCertificates.ClientPrograms.Where(p => clients.All(c => c.Program != p)))
                install.Append("rm -f ").Append(SslPaths.ClientPublicFile(program)).Append('\n');
            install.Append("systemctl restart kopano-server\n");
            var entry = zip.CreateEntry(InstallScript);
            entry.ExternalAttributes = Convert.ToInt32("100755", 8) << 16;
            using var writer = new StreamWriter(entry.Open(), new UTF8Encoding(false));
            writer.Write(install.ToString());
        }
        return buffer.ToArray();
    }

    private static void KeptOnNode(StringBuilder install, string path)
    {
        var name = path.TrimStart('/');
        install.Append("if [ -f ").Append(name).Append(" ]; then install -o root -g kopano -m 0640 ").Append(name).Append(' ').Append(path)
            .Append("; else echo \"").Append(Path.GetFileName(path))
            .Append(": the portal keeps no key; put the file downloaded when it was issued at ").Append(name)
            .Append(" and run this again, or keep ").Append(path).Append("\"; fi\n");
    }

    private static void Add(ZipArchive zip, StringBuilder install, string path, string content, string mode)
    {
        var name = path.TrimStart('/');
        using (var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false)))
            writer.Write(content);
        install.Append("install -o root -g kopano -m ").Append(mode).Append(' ').Append(name).Append(' ').Append(path).Append('\n');
    }
}
