// Draws the console's 14-day trend from the figures the page carries in data attributes.
(function () {
  var element = document.getElementById('trend-chart');
  if (!element || !window.echarts) {
    return;
  }
  var data = element.dataset;
  var numbers = function (text) { return text ? text.split(',').map(Number) : []; };
  var chart = echarts.init(element);
  chart.setOption({
    animation: false,
    color: ['#0f766e', '#f59e0b', '#6366f1'],
    tooltip: { trigger: 'axis' },
    legend: { data: [data.labelOrders, data.labelGmv, data.labelPoints] },
    grid: { left: 48, right: 56, bottom: 32, top: 40 },
    xAxis: { type: 'category', data: data.days ? data.days.split(',').map(function (d) { return d.substring(5); }) : [] },
    yAxis: [{ type: 'value', minInterval: 1 }, { type: 'value' }],
    series: [
      { name: data.labelOrders, type: 'bar', data: numbers(data.orders) },
      { name: data.labelGmv, type: 'line', yAxisIndex: 1, data: numbers(data.gmv) },
      { name: data.labelPoints, type: 'line', yAxisIndex: 1, data: numbers(data.points) }
    ]
  });
  window.addEventListener('resize', function () { chart.resize(); });
})();
