using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Conference.Registration.Data.Migrations
{
    /// <inheritdoc />
    public partial class IdempotencyRequestFingerprint : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "request_fingerprint",
                table: "idempotency_records",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "request_fingerprint",
                table: "idempotency_records");
        }
    }
}
