using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Conference.Catalog.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProgrammeTitleOrigins : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "title_origins",
                table: "thematic_lines",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'{}'::jsonb");

            migrationBuilder.AddColumn<string>(
                name: "title_origins",
                table: "sub_themes",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'{}'::jsonb");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "title_origins",
                table: "thematic_lines");

            migrationBuilder.DropColumn(
                name: "title_origins",
                table: "sub_themes");
        }
    }
}
