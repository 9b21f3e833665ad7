using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using KopanoPortal.Core.Servers;
using KopanoPortal.UnitTests.Localization;

namespace KopanoPortal.UnitTests.Servers;

/// <summary>A failed handshake in plain words: one class per cause, never the exception's own (English) text.</summary>
public sealed class TlsFailureTests
{
    private static readonly Exception Refused = new AuthenticationException("error:0A000412:SSL routines::sslv3 alert bad certificate");

    public static TheoryData<Exception, PresentedCertificate?, string> Causes => new()
    {
        { new IOException("Received an unexpected EOF or 0 bytes from the transport stream."), null, "the server closed the connection during the handshake" },
        { new IOException("reset", new SocketException((int)SocketError.ConnectionReset)), null, "the server closed the connection during the handshake" },
        { new IOException("EOF"), new(SslPolicyErrors.None, false), "the server closed the connection after sending its certificate; it may want a client certificate" },
        { new AuthenticationException("error:0A00010B:SSL routines::wrong version number"), null, "the server and the portal have no TLS version in common, or the port does not speak TLS" },
        { Refused, new(SslPolicyErrors.RemoteCertificateChainErrors, true), "the certificate has expired or is not valid yet" },
        { Refused, new(SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch, false), "the certificate is not trusted: its issuer is not known here" },
        { Refused, new(SslPolicyErrors.RemoteCertificateNameMismatch, false), "the certificate's name does not match the server's address" },
        { Refused, new(SslPolicyErrors.None, false), "the server refused the handshake after sending its certificate; it may want a client certificate" },
    };

    [Theory]
    [MemberData(nameof(Causes))]
    public void Each_cause_has_its_own_plain_explanation(Exception failure, PresentedCertificate? presented, string expected) =>
        Assert.Equal(expected, CoreGermanTextTests.In("en", () => TlsFailure.Explain(failure, presented)));

    [Theory]
    [MemberData(nameof(Causes))]
    public void In_German_every_explanation_is_German_and_none_repeats_the_exceptions_text(Exception failure, PresentedCertificate? presented, string english)
    {
        var german = CoreGermanTextTests.In("de", () => TlsFailure.Explain(failure, presented));
        Assert.NotEqual(english, german);
        Assert.DoesNotContain(failure.Message, german, StringComparison.Ordinal);
    }
}
