using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Conference.Translation.Data.Migrations
{
    /// <inheritdoc />
    public partial class TranslationJobTrace : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "requested_at",
                table: "translation_jobs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "trace_parent",
                table: "translation_jobs",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "requested_at",
                table: "translation_jobs");

            migrationBuilder.DropColumn(
                name: "trace_parent",
                table: "translation_jobs");
        }
    }
}
