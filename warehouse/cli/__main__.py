from warehouse.cli.app import app

app()
