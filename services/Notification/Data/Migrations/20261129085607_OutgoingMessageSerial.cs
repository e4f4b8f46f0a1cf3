using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Conference.Notification.Data.Migrations
{
    /// <inheritdoc />
    public partial class OutgoingMessageSerial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_outgoing_messages_pending",
                table: "outgoing_messages");

            migrationBuilder.DropIndex(
                name: "ix_outgoing_messages_session",
                table: "outgoing_messages");

            migrationBuilder.AddColumn<long>(
                name: "serial",
                table: "outgoing_messages",
                type: "bigint",
                nullable: false,
                defaultValue: 0L)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn);

            migrationBuilder.CreateIndex(
                name: "ix_outgoing_messages_pending",
                table: "outgoing_messages",
                columns: new[] { "next_attempt_at", "serial" },
                filter: "status = 'pending'");

            migrationBuilder.CreateIndex(
                name: "ix_outgoing_messages_session",
                table: "outgoing_messages",
                columns: new[] { "session_id", "serial" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_outgoing_messages_pending",
                table: "outgoing_messages");

            migrationBuilder.DropIndex(
                name: "ix_outgoing_messages_session",
                table: "outgoing_messages");

            migrationBuilder.DropColumn(
                name: "serial",
                table: "outgoing_messages");

            migrationBuilder.CreateIndex(
                name: "ix_outgoing_messages_pending",
                table: "outgoing_messages",
                column: "next_attempt_at",
                filter: "status = 'pending'");

            migrationBuilder.CreateIndex(
                name: "ix_outgoing_messages_session",
                table: "outgoing_messages",
                columns: new[] { "session_id", "created_at" });
        }
    }
}
