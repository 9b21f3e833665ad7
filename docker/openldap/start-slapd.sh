#!/bin/sh
# First start: writes slapd's cn=config (schemas core, cosine, inetorgperson, nis and Kopano's) and the base entry of
# $LDAP_BASE with the rootDN cn=admin,$LDAP_BASE / $LDAP_ADMIN_PASSWORD; later starts reuse both volumes.
set -eu
: "${LDAP_BASE:=dc=kopano,dc=example}"
: "${LDAP_ADMIN_PASSWORD:?set LDAP_ADMIN_PASSWORD}"
CONFIG_DIR="${CONFIG_DIR:-/etc/ldap/slapd.d}"
DATA_DIR="${DATA_DIR:-/var/lib/ldap}"
SCHEMA_DIR="${SCHEMA_DIR:-/etc/ldap/schema}"
LISTEN="${LISTEN:-ldap:/// ldapi:///}"

if [ ! -e "$CONFIG_DIR/cn=config.ldif" ]; then
    hash="$(slappasswd -s "$LDAP_ADMIN_PASSWORD")"
    dc="$(printf '%s' "$LDAP_BASE" | sed 's/^dc=\([^,]*\).*/\1/')"
    config="$(mktemp)"
    {
        printf 'dn: cn=config\nobjectClass: olcGlobal\ncn: config\n\n'
        printf 'dn: cn=module{0},cn=config\nobjectClass: olcModuleList\ncn: module{0}\nolcModulePath: /usr/lib/ldap\nolcModuleLoad: back_mdb\n\n'
        printf 'dn: cn=schema,cn=config\nobjectClass: olcSchemaConfig\ncn: schema\n\n'
        for schema in core cosine inetorgperson nis kopano; do
            printf 'include: file://%s/%s.ldif\n\n' "$SCHEMA_DIR" "$schema"
        done
        printf 'dn: olcDatabase={-1}frontend,cn=config\nobjectClass: olcDatabaseConfig\nobjectClass: olcFrontendConfig\nolcDatabase: {-1}frontend\nolcPasswordHash: {SSHA}\n\n'
        printf 'dn: olcDatabase={0}config,cn=config\nobjectClass: olcDatabaseConfig\nolcDatabase: {0}config\n'
        printf 'olcAccess: {0}to * by dn.exact=gidNumber=0+uidNumber=0,cn=peercred,cn=external,cn=auth manage by * break\n\n'
        printf 'dn: olcDatabase={1}mdb,cn=config\nobjectClass: olcDatabaseConfig\nobjectClass: olcMdbConfig\nolcDatabase: {1}mdb\n'
        printf 'olcSuffix: %s\nolcRootDN: cn=admin,%s\nolcRootPW: %s\nolcDbDirectory: %s\nolcDbMaxSize: 1073741824\n' "$LDAP_BASE" "$LDAP_BASE" "$hash" "$DATA_DIR"
        for index in "objectClass eq" "uid eq,sub" "cn eq,sub" "ou eq" "uidNumber eq" "gidNumber eq" "memberUid eq" "mail eq,sub" "entryUUID eq" "kopanoAdminPrivilege eq" "kopanoViewPrivilege eq"; do
            printf 'olcDbIndex: %s\n' "$index"
        done
        printf 'olcSizeLimit: unlimited\n'
        printf 'olcAccess: {0}to attrs=userPassword,shadowLastChange by self write by anonymous auth by * none\nolcAccess: {1}to * by * read\n'
    } > "$config"
    mkdir -p "$CONFIG_DIR" "$DATA_DIR"
    slapadd -n 0 -F "$CONFIG_DIR" -l "$config"
    printf 'dn: %s\nobjectClass: dcObject\nobjectClass: organization\ndc: %s\no: %s\n' "$LDAP_BASE" "$dc" "$dc" | slapadd -n 1 -F "$CONFIG_DIR"
    rm -f "$config"
    if id openldap >/dev/null 2>&1; then chown -R openldap:openldap "$CONFIG_DIR" "$DATA_DIR"; fi
fi

# -d keeps slapd in the foreground as the container's process; "none" logs start-up errors only.
if id openldap >/dev/null 2>&1; then
    exec slapd -F "$CONFIG_DIR" -u openldap -g openldap -h "$LISTEN" -d none
fi
exec slapd -F "$CONFIG_DIR" -h "$LISTEN" -d none
