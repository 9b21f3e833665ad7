using System.Formats.Asn1;
using System.Text;

namespace KopanoPortal.Directory.Ldap;

/// <summary>
/// LDAP filters in their BER form (RFC 4511 §4.5.1), for controls that carry a filter such as the assertion control:
/// System.DirectoryServices.Protocols encodes filters only inside its own search requests.
/// </summary>
internal static class LdapFilterEncoding
{
    private static readonly Asn1Tag AndTag = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag Not = new(TagClass.ContextSpecific, 2, isConstructed: true);
    private static readonly Asn1Tag EqualityMatch = new(TagClass.ContextSpecific, 3, isConstructed: true);
    private static readonly Asn1Tag Present = new(TagClass.ContextSpecific, 7);

    /// <summary>(&amp;(a=v)...): each attribute equals its value, or, for a null value, is absent.</summary>
    public static byte[] And(IEnumerable<(string Attribute, string? Value)> terms)
    {
        var writer = new AsnWriter(AsnEncodingRules.BER);
        using (writer.PushSequence(AndTag))
        {
            foreach (var (attribute, value) in terms)
            {
                if (value is null)
                {
                    using (writer.PushSequence(Not))
                        writer.WriteOctetString(Encoding.UTF8.GetBytes(attribute), Present);
                    continue;
                }
                using (writer.PushSequence(EqualityMatch))
                {
                    writer.WriteOctetString(Encoding.UTF8.GetBytes(attribute));
                    writer.WriteOctetString(Encoding.UTF8.GetBytes(value));
                }
            }
        }
        return writer.Encode();
    }
}
