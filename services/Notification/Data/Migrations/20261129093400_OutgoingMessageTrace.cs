using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Conference.Notification.Data.Migrations
{
    /// <inheritdoc />
    public partial class OutgoingMessageTrace : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "caused_at",
                table: "outgoing_messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "trace_parent",
                table: "outgoing_messages",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "caused_at",
                table: "outgoing_messages");

            migrationBuilder.DropColumn(
                name: "trace_parent",
                table: "outgoing_messages");
        }
    }
}
