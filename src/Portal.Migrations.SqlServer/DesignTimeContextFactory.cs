using Microsoft.EntityFrameworkCore.Design;
using Portal.Core.Data;

namespace Portal.Migrations.SqlServer;

/// <summary>Lets <c>dotnet ef</c> build the model for SQL Server without a server or the web host.</summary>
public sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext(string[] args) =>
        new(DatabaseRegistration.StandaloneOptions(new DatabaseOptions { Provider = DatabaseProvider.SqlServer, ConnectionString = "Server=(design-time);Database=Portal;Trusted_Connection=True" }, AppContext.BaseDirectory));
}
