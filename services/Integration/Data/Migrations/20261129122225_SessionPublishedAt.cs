using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Conference.Integration.Data.Migrations
{
    /// <inheritdoc />
    public partial class SessionPublishedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "published_at",
                table: "sessions",
                type: "timestamp with time zone",
                nullable: true);

            // Sessions seen before the column: any event staged for a session implies it was published
            // (Catalog, Registration and Translation emit nothing else for a draft), so those copies'
            // later events need not wait; copies with none (drafts) stay null.
            migrationBuilder.Sql("""
                UPDATE sessions s SET published_at = e.first
                FROM (SELECT session_id, min(occurred_at) AS first FROM webhook_events GROUP BY session_id) e
                WHERE e.session_id = s.id;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "published_at",
                table: "sessions");
        }
    }
}
