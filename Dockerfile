# KopanoPortal — container image of the Blazor Server admin portal.
#
#   docker build -t kopanoportal .
#   docker run -p 8080:8080 -v kopanoportal-data:/app/data \
#       -e Bootstrap__AdminName=admin -e Bootstrap__AdminPassword=change-me kopanoportal
#
# Main settings (environment variables override the top-level appsettings.json;
# `__` separates configuration sections):
#   Database__Provider              sqlite | postgresql
#   Database__ConnectionString      e.g. "Data Source=/app/data/portal.db" (sqlite) or
#                                   "Host=db;Username=portal;Password=...;Database=kopano" (postgresql)
#   Kopano__user_plugin             db (ldap | ldapms: see README)
#   Kopano__enable_hosted_kopano    true | false (multi-tenant)
#   Kopano__loginname_format        %u (not hosted) or e.g. %u@%c (hosted)
#   Bootstrap__AdminName            first administrator, created when there is none
#   Bootstrap__AdminPassword        its initial password
#
# /app/data is a volume writable by the non-root user `app` (uid 1654): put the
# SQLite database and other persistent state there.

# ---- build ------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/KopanoPortal.Web/KopanoPortal.Web.csproj -c Release -o /app/publish

# ---- runtime ----------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
COPY --from=build /app/publish/ ./
# The content root is the working directory: the top-level appsettings.json and
# wwwroot/ of the repository are the ones the portal uses.
COPY --from=build /src/appsettings.json ./
COPY --from=build /src/wwwroot/ ./wwwroot/
RUN mkdir -p /app/data && chown "$APP_UID:$APP_UID" /app/data

ENV ASPNETCORE_HTTP_PORTS=8080 \
    Database__ConnectionString="Data Source=/app/data/kopanoportal.db"
EXPOSE 8080
VOLUME /app/data
USER $APP_UID
ENTRYPOINT ["dotnet", "KopanoPortal.Web.dll"]
