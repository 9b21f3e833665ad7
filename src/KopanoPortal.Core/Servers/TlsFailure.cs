using System.Net.Security;
using System.Net.Sockets;

namespace KopanoPortal.Core.Servers;

/// <summary>What the handshake's certificate callback saw before the handshake failed; null when no certificate came.</summary>
public sealed record PresentedCertificate(SslPolicyErrors PolicyErrors, bool OutsideItsValidity);

/// <summary>
/// Why a TLS handshake failed, in plain words of the page's language. The exception's own message is the system's
/// (English, often OpenSSL's "error:0A00010B:SSL routines::wrong version number") and belongs in the log only.
/// </summary>
public static class TlsFailure
{
    /// <summary>
    /// The failure class from the exception's type and what the certificate callback saw: the connection closed, no
    /// common protocol (or no TLS at all) when the server sent no certificate, else the certificate's first problem.
    /// </summary>
    public static string Explain(Exception failure, PresentedCertificate? presented)
    {
        if (failure is IOException or SocketException or ObjectDisposedException)
            return presented is null
                ? Text.T("the server closed the connection during the handshake")
                : Text.T("the server closed the connection after sending its certificate; it may want a client certificate");
        if (presented is null)
            return Text.T("the server and the portal have no TLS version in common, or the port does not speak TLS");
        if (presented.OutsideItsValidity)
            return Text.T("the certificate has expired or is not valid yet");
        if (presented.PolicyErrors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
            return Text.T("the certificate is not trusted: its issuer is not known here");
        if (presented.PolicyErrors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            return Text.T("the certificate's name does not match the server's address");
        return Text.T("the server refused the handshake after sending its certificate; it may want a client certificate");
    }
}
