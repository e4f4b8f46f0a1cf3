using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Conference.Translation.Data.Migrations
{
    /// <inheritdoc />
    public partial class SeedGlossary : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The forum glossary as the issue gives it (French / English / Spanish); partners edit it
            // through PUT /api/v1/glossary afterwards.
            migrationBuilder.Sql("""
                INSERT INTO glossary_entries (id, position, terms) VALUES
                ('00000000-0000-0000-0000-000000000001', 0, '{"fr": "OIT", "en": "ILO", "es": "OIT"}'),
                ('00000000-0000-0000-0000-000000000002', 1, '{"fr": "DEL", "en": "LED", "es": "DEL"}'),
                ('00000000-0000-0000-0000-000000000003', 2, '{"fr": "ODD", "en": "SDG", "es": "ODS"}'),
                ('00000000-0000-0000-0000-000000000004', 3, '{"fr": "ESS", "en": "SSE", "es": "ESS"}'),
                ('00000000-0000-0000-0000-000000000005', 4, '{"fr": "économie sociale et solidaire", "en": "social and solidarity economy", "es": "economía social y solidaria"}'),
                ('00000000-0000-0000-0000-000000000006', 5, '{"fr": "développement économique local", "en": "local economic development", "es": "desarrollo económico local"}'),
                ('00000000-0000-0000-0000-000000000007', 6, '{"fr": "travail décent", "en": "decent work", "es": "trabajo decente"}'),
                ('00000000-0000-0000-0000-000000000008', 7, '{"fr": "dialogue social", "en": "social dialogue", "es": "diálogo social"}'),
                ('00000000-0000-0000-0000-000000000009', 8, '{"fr": "économie verte", "en": "green economy", "es": "economía verde"}'),
                ('00000000-0000-0000-0000-000000000010', 9, '{"fr": "entreprises communautaires", "en": "community enterprises", "es": "empresas comunitarias"}'),
                ('00000000-0000-0000-0000-000000000011', 10, '{"fr": "innovation sociale", "en": "social innovation", "es": "innovación social"}'),
                ('00000000-0000-0000-0000-000000000012', 11, '{"fr": "Objectifs de Développement Durable", "en": "Sustainable Development Goals", "es": "Objetivos de Desarrollo Sostenible"}')
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DELETE FROM glossary_entries WHERE id::text LIKE '00000000-0000-0000-0000-%';");
        }
    }
}
