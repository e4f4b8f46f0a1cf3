# One image recipe for every Conference service: docker build -f deploy/service.Dockerfile --build-arg SERVICE=Catalog .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG SERVICE
WORKDIR /src
COPY . .
RUN dotnet publish services/${SERVICE}/${SERVICE}.csproj -c Release -o /app --no-self-contained

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ARG SERVICE
ENV ASPNETCORE_URLS=http://+:8080 SERVICE_DLL=${SERVICE}.dll
EXPOSE 8080
ENTRYPOINT ["sh", "-c", "exec dotnet \"$SERVICE_DLL\""]
