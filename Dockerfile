# KopanoPortal — container image of the Blazor Server admin portal.
#
#   docker build -t kopanoportal .
#   docker run -p 8080:8080 -v kopanoportal-data:/app/data -e Bootstrap__AdminPassword=change-me kopanoportal
#
# Settings are environment variables over the top-level appsettings.json (`__` separates sections; every key is in
# the README's Settings table). Without Database__* the portal keeps its SQLite database in /app/data (a volume
# writable by the non-root user `app`, uid 1654). docker-compose.yml runs it with PostgreSQL and OpenLDAP.

# ---- build ------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build
WORKDIR /src
# Only what restore reads first, so the restored packages stay cached until a project or a version changes.
COPY KopanoPortal.sln Directory.Build.props Directory.Packages.props ./
COPY src/KopanoPortal.Core/KopanoPortal.Core.csproj src/KopanoPortal.Core/
COPY src/KopanoPortal.Directory.Sql/KopanoPortal.Directory.Sql.csproj src/KopanoPortal.Directory.Sql/
COPY src/KopanoPortal.Directory.Ldap/KopanoPortal.Directory.Ldap.csproj src/KopanoPortal.Directory.Ldap/
COPY src/KopanoPortal.Web/KopanoPortal.Web.csproj src/KopanoPortal.Web/
RUN dotnet restore src/KopanoPortal.Web/KopanoPortal.Web.csproj
# Then the sources; the publish output holds appsettings.json and the top-level wwwroot/ (KopanoPortal.Web.csproj).
COPY appsettings.json ./
COPY wwwroot/ wwwroot/
COPY src/ src/
RUN dotnet publish src/KopanoPortal.Web/KopanoPortal.Web.csproj -c Release --no-restore -o /app/publish

# ---- runtime ----------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble AS final
# libldap: System.DirectoryServices.Protocols calls OpenLDAP's client library on Linux, without it user_plugin = ldap
# cannot connect (Ubuntu 24.04 names the package libldap2; Debian 12 named it libldap-2.5-0). curl: the HEALTHCHECK.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libldap2 curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/publish/ ./
RUN mkdir -p /app/data && chown "$APP_UID:$APP_UID" /app/data

# The content root is the working directory /app, which holds the published appsettings.json and wwwroot/.
ENV ASPNETCORE_HTTP_PORTS=8080 \
    Portal__DataFolder=/app/data
EXPOSE 8080
VOLUME /app/data
USER $APP_UID
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/health/live || exit 1
ENTRYPOINT ["dotnet", "KopanoPortal.Web.dll"]
